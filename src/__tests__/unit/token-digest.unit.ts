import {expect} from '@loopback/testlab';
import {
  constantTimeEqual,
  matchesDigest,
  randomToken,
  sha256Digest,
} from '../../services/platform/token-digest';

describe('token-digest (unit)', () => {
  describe('randomToken', () => {
    it('is base64url of 32 random bytes by default', () => {
      const token = randomToken();
      expect(token).to.match(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).to.have.length(32);
    });

    it('takes another size', () => {
      expect(Buffer.from(randomToken(48), 'base64url')).to.have.length(48);
    });

    it('never repeats', () => {
      const tokens = new Set(Array.from({length: 1000}, () => randomToken()));
      expect(tokens.size).to.equal(1000);
    });

    it('refuses fewer than 16 bytes', () => {
      expect(() => randomToken(8)).to.throw(RangeError);
      expect(() => randomToken(16.5)).to.throw(RangeError);
    });
  });

  describe('sha256Digest', () => {
    it('is the lower-case hex SHA-256 of the UTF-8 token', () => {
      expect(sha256Digest('abc')).to.equal(
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      );
    });

    it('is deterministic and differs between tokens', () => {
      const token = randomToken();
      expect(sha256Digest(token)).to.equal(sha256Digest(token));
      expect(sha256Digest(token)).to.not.equal(sha256Digest(randomToken()));
    });
  });

  describe('constantTimeEqual', () => {
    it('tells equal strings from different ones, of any length', () => {
      expect(constantTimeEqual('abc', 'abc')).to.be.true();
      expect(constantTimeEqual('abc', 'abd')).to.be.false();
      expect(constantTimeEqual('abc', 'abcd')).to.be.false();
      expect(constantTimeEqual('', '')).to.be.true();
    });
  });

  describe('matchesDigest', () => {
    it('matches a token to its stored digest only', () => {
      const token = randomToken();
      const digest = sha256Digest(token);
      expect(matchesDigest(token, digest)).to.be.true();
      expect(matchesDigest(token, digest.toUpperCase())).to.be.true();
      expect(matchesDigest(randomToken(), digest)).to.be.false();
    });
  });
});
