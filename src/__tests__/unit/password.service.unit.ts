import {expect, sinon} from '@loopback/testlab';
import {PasswordService} from '../../services/accounts/password.service';

const PHC_OWASP =
  /^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/;

describe('PasswordService (unit)', () => {
  let service: PasswordService;
  beforeEach(() => {
    service = givenPasswordService();
  });
  afterEach(() => sinon.restore());

  describe('hash', () => {
    it('produces an argon2id PHC string with m=19456, t=2, p=1', async () => {
      expect(await service.hash('Vq7#mTz!pL2w')).to.match(PHC_OWASP);
    });

    it('salts every hash, so equal passwords hash differently', async () => {
      const [a, b] = await Promise.all([
        service.hash('same password'),
        service.hash('same password'),
      ]);
      expect(a).to.not.equal(b);
    });
  });

  describe('verify', () => {
    it('is true for the hashed password and false for another', async () => {
      const hash = await service.hash('Vq7#mTz!pL2w');
      expect(await service.verify(hash, 'Vq7#mTz!pL2w')).to.be.true();
      expect(await service.verify(hash, 'vq7#mTz!pL2w')).to.be.false();
    });

    it('accepts the password typed in another Unicode form (NFD vs NFC)', async () => {
      const hash = await service.hash('caf\u00e9-cr\u00e8me-42');
      expect(
        await service.verify(hash, 'cafe\u0301-cre\u0300me-42'),
      ).to.be.true();
    });

    it('returns false, without throwing, for malformed hashes', async () => {
      const valid = await service.hash('Vq7#mTz!pL2w');
      const malformed = [
        '',
        'not a hash',
        '$2b$10$abcdefghijklmnopqrstuv',
        '$argon2id$v=19$m=19456,t=2,p=1$zz',
        valid.slice(0, -5),
        valid.replace('$v=19$', '$v=99$'),
      ];
      for (const hash of malformed) {
        expect(await service.verify(hash, 'Vq7#mTz!pL2w')).to.be.false();
      }
    });

    it('refuses, without running it, a hash whose cost is absurd', async () => {
      // Were the cost honoured this would run for hours and time out.
      const hostile =
        '$argon2id$v=19$m=8,t=4294967295,p=1$c29tZXNhbHRzb21lc2FsdA$' +
        'A'.repeat(43);
      expect(await service.verify(hostile, 'anything')).to.be.false();
    }).timeout(5000);
  });

  describe('needsRehash', () => {
    it('is false for a hash made with the current parameters', async () => {
      const hash = await service.hash('Vq7#mTz!pL2w');
      expect(service.needsRehash(hash)).to.be.false();
    });

    it('is true for a hash made with other parameters, and a rehash fixes it', async () => {
      const cheap = givenPasswordService({memoryCost: 1024, timeCost: 1});
      const old = await cheap.hash('Vq7#mTz!pL2w');
      expect(service.needsRehash(old)).to.be.true();
      expect(await service.verify(old, 'Vq7#mTz!pL2w')).to.be.true();

      const rehashed = await service.hash('Vq7#mTz!pL2w');
      expect(service.needsRehash(rehashed)).to.be.false();
      expect(cheap.needsRehash(rehashed)).to.be.true();
    });

    it('is true when any one parameter differs', async () => {
      const hash = await service.hash('Vq7#mTz!pL2w');
      expect(
        givenPasswordService({memoryCost: 19457}).needsRehash(hash),
      ).to.be.true();
      expect(
        givenPasswordService({timeCost: 3}).needsRehash(hash),
      ).to.be.true();
      expect(
        givenPasswordService({parallelism: 2}).needsRehash(hash),
      ).to.be.true();
    });

    it('is true for another argon2 variant and for a malformed hash', () => {
      const argon2i =
        '$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$' +
        'A'.repeat(43);
      expect(service.needsRehash(argon2i)).to.be.true();
      expect(service.needsRehash('garbage')).to.be.true();
    });
  });

  describe('verifyOrDummy', () => {
    it('verifies against the stored hash when there is one', async () => {
      const hash = await service.hash('Vq7#mTz!pL2w');
      expect(await service.verifyOrDummy(hash, 'Vq7#mTz!pL2w')).to.be.true();
      expect(await service.verifyOrDummy(hash, 'wrong')).to.be.false();
    });

    it('runs a real argon2 verification against a current dummy hash when there is none', async () => {
      const verify = sinon.spy(service, 'verify');
      expect(
        await service.verifyOrDummy(undefined, 'Vq7#mTz!pL2w'),
      ).to.be.false();

      sinon.assert.calledOnce(verify);
      const [dummy, password] = verify.firstCall.args;
      expect(dummy).to.match(PHC_OWASP);
      expect(password).to.equal('Vq7#mTz!pL2w');
      // The dummy is a real hash: the verification it triggers is real work.
      expect(service.needsRehash(dummy)).to.be.false();
    });

    it('computes the dummy hash once and reuses it', async () => {
      const verify = sinon.spy(service, 'verify');
      const hash = sinon.spy(service, 'hash');
      await service.verifyOrDummy(undefined, 'first');
      await service.verifyOrDummy(undefined, 'second');
      sinon.assert.calledOnce(hash);
      expect(verify.firstCall.args[0]).to.equal(verify.secondCall.args[0]);
    });
  });
});

function givenPasswordService(
  params?: ConstructorParameters<typeof PasswordService>[0],
): PasswordService {
  return new PasswordService(params);
}
