import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {sha256Digest} from '../../services/platform/token-digest';
import {
  firstDigests,
  isCurrentRefreshToken,
  newRefreshToken,
  parseRefreshToken,
  rotateRefreshToken,
  wasRotatedAway,
} from '../../services/tokens/refresh-token';

describe('refresh-token (unit)', () => {
  const sessionId = randomUUID();

  it('makes tokens that parse back to their session', () => {
    const token = newRefreshToken(sessionId);
    expect(parseRefreshToken(token)).to.eql({
      sessionId,
      secret: token.slice(37),
      digest: sha256Digest(token),
    });
    expect(token.slice(37)).to.match(/^[\w-]{43}$/);
    expect(newRefreshToken(sessionId)).to.not.equal(token);
  });

  it('parses nothing but the refresh-token shape', () => {
    const secret = 'A'.repeat(43);
    for (const other of [
      '',
      secret,
      `${sessionId}.${secret.slice(1)}`,
      `${sessionId}.${secret}A`,
      `${sessionId}.${'+'.repeat(43)}`,
      `${sessionId.toUpperCase()}.${secret}`,
      `x${sessionId}.${secret}`,
      'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln',
    ]) {
      expect(parseRefreshToken(other)).to.be.undefined();
    }
  });

  it('recognises the current token and the rotated ones', () => {
    const first = newRefreshToken(sessionId);
    const stored = {id: sessionId, ...firstDigests(first)};
    const presented = parseRefreshToken(first)!;
    expect(isCurrentRefreshToken(presented, stored)).to.be.true();
    expect(wasRotatedAway(presented, stored)).to.be.false();

    const rotation = rotateRefreshToken(stored, presented);
    const after = {id: sessionId, ...rotation.digests};
    const next = parseRefreshToken(rotation.token)!;
    expect(next.sessionId).to.equal(sessionId);
    expect(isCurrentRefreshToken(next, after)).to.be.true();
    expect(isCurrentRefreshToken(presented, after)).to.be.false();
    expect(wasRotatedAway(presented, after)).to.be.true();
    const guess = parseRefreshToken(`${sessionId}.${'A'.repeat(43)}`)!;
    expect(isCurrentRefreshToken(guess, after)).to.be.false();
    expect(wasRotatedAway(guess, after)).to.be.false();
  });

  it('rotates only while the presented token is current, keeping the last 20', () => {
    let stored = {id: sessionId, ...firstDigests(newRefreshToken(sessionId))};
    const rotated: string[] = [];
    for (let i = 0; i < 25; i++) {
      const current = {
        sessionId,
        secret: '',
        digest: stored.refreshTokenHash,
      };
      const rotation = rotateRefreshToken(stored, current);
      expect(rotation.where).to.eql({
        id: sessionId,
        refreshTokenHash: current.digest,
      });
      rotated.push(current.digest);
      stored = {id: sessionId, ...rotation.digests};
    }
    expect(stored.rotatedTokenHashes).to.eql(rotated.slice(-20));
  });

  it('treats a session stored before rotated digests were kept as having none', () => {
    const token = parseRefreshToken(newRefreshToken(sessionId))!;
    const legacy = {
      id: sessionId,
      refreshTokenHash: token.digest,
      rotatedTokenHashes: undefined as unknown as string[],
    };
    expect(wasRotatedAway(token, legacy)).to.be.false();
    expect(rotateRefreshToken(legacy, token).digests.rotatedTokenHashes).to.eql(
      [token.digest],
    );
  });
});
