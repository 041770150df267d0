import {expect} from '@loopback/testlab';
import {bcryptCost, verifyBcrypt} from '../../services/accounts/bcrypt-hash';
import {PasswordService} from '../../services/accounts/password.service';
import {lb3Hash, LB3_PASSWORD} from '../fixtures/lb3-data';

describe('bcrypt hashes from LoopBack 3 (unit)', () => {
  const hasher = new PasswordService({memoryCost: 1024, timeCost: 1});

  it('verifies $2a$, $2b$ and $2y$ hashes of the right password only', async () => {
    for (const version of ['2a', '2b', '2y'] as const) {
      const hash = lb3Hash(LB3_PASSWORD, 4, version);
      expect(await hasher.verify(hash, LB3_PASSWORD)).to.be.true();
      expect(await hasher.verify(hash, `${LB3_PASSWORD}!`)).to.be.false();
    }
  });

  it('asks for an argon2id rehash of every bcrypt hash', () => {
    expect(hasher.needsRehash(lb3Hash(LB3_PASSWORD, 4))).to.be.true();
  });

  it('verifies a password typed in another Unicode form than at sign-up', async () => {
    const decomposed = 'cafe\u0301 au lait 2019';
    const hash = lb3Hash(decomposed.normalize('NFC'), 4);
    expect(await hasher.verify(hash, decomposed)).to.be.true();
  });

  it('answers false, never throws, for malformed bcrypt hashes', async () => {
    const good = lb3Hash(LB3_PASSWORD, 4);
    const broken = [
      '$2a$10$tooShort',
      `${good}x`,
      good.replace('$04$', '$03$'),
      good.replace('$04$', '$32$'),
      good.replace('$04$', '$4$'),
      good.replace(/.$/, '!'),
      '$2x$04$' + good.slice(7),
      '$2$04$' + good.slice(7),
    ];
    for (const hash of broken) {
      expect(await hasher.verify(hash, LB3_PASSWORD)).to.be.false();
    }
  });

  it('refuses, unverified, a hash costing more than sign-in spends', async () => {
    const planted = lb3Hash(LB3_PASSWORD, 4).replace('$04$', '$31$');
    expect(bcryptCost(planted)).to.equal(31);
    const started = Date.now();
    expect(await verifyBcrypt(planted, LB3_PASSWORD)).to.be.false();
    expect(Date.now() - started).to.be.below(1000);
  });

  it('reads the cost of well-formed hashes only', () => {
    expect(bcryptCost(lb3Hash(LB3_PASSWORD, 5))).to.equal(5);
    expect(bcryptCost(42)).to.be.undefined();
    expect(
      bcryptCost('$argon2id$v=19$m=1024,t=1,p=1$abc$def'),
    ).to.be.undefined();
  });
});
