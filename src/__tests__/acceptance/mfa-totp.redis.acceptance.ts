import {expect} from '@loopback/testlab';
import {
  givenGuardApp,
  GuardApp,
  givenUser,
  uniquePrefix,
} from '../fixtures/guard';
import {ManualClock} from '../fixtures/manual-clock';
import {
  enrolTotp,
  firstFactor,
  nextStep,
  signIn,
  totpCode,
} from '../fixtures/mfa-totp';
import {
  requireService,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
} from '../fixtures/services';

describe('A TOTP code accepted once across two nodes on PostgreSQL and Redis (acceptance)', () => {
  const clock = new ManualClock(Date.now());
  let first: GuardApp;
  let second: GuardApp;

  before(
    /** @this Mocha.Context */ async function () {
      await requireService(
        this,
        'Redis',
        TEST_REDIS_URL,
        'set TEST_REDIS_URL or run Redis on 127.0.0.1:6379',
      );
      await requireService(
        this,
        'PostgreSQL',
        TEST_DATABASE_URL,
        'set TEST_DATABASE_URL or run PostgreSQL on 127.0.0.1:5432',
      );
      // Two nodes on one database and one Redis, under a prefix no other
      // run shares.
      const redis = {url: TEST_REDIS_URL, keyPrefix: uniquePrefix('totp')};
      const env = {DATABASE_URL: TEST_DATABASE_URL};
      first = await givenGuardApp({env, redis, clock, migrate: true});
      second = await givenGuardApp({env, redis, clock});
    },
  );
  after(async () => {
    await first?.app.stop();
    await second?.app.stop();
  });

  async function givenTotpAccount() {
    const user = await givenUser(first.app);
    const {access_token: token} = await signIn(first.client, user.email);
    const {secret} = await enrolTotp(first.client, token, clock);
    return {email: user.email, secret};
  }

  it('refuses on one node the code the other accepted', async () => {
    const {email, secret} = await givenTotpAccount();
    const onFirst = await firstFactor(first.client, email);
    const onSecond = await firstFactor(second.client, email);
    nextStep(clock);
    const code = await totpCode(secret, clock.now());
    await first.client
      .post('/auth/mfa')
      .send({mfaToken: onFirst, method: 'totp', code})
      .expect(200);
    const replay = await second.client
      .post('/auth/mfa')
      .send({mfaToken: onSecond, method: 'totp', code})
      .expect(401);
    expect(replay.body.error.code).to.equal('INVALID_MFA_CODE');
  });

  it('lets one of two concurrent uses of a code win', async () => {
    const {email, secret} = await givenTotpAccount();
    const tokens = [
      await firstFactor(first.client, email),
      await firstFactor(second.client, email),
    ];
    nextStep(clock);
    const code = await totpCode(secret, clock.now());
    const answers = await Promise.all(
      [first, second].map((node, i) =>
        node.client
          .post('/auth/mfa')
          .send({mfaToken: tokens[i], method: 'totp', code}),
      ),
    );
    expect(answers.map(a => a.status).sort()).to.eql([200, 401]);
    const loser = answers.find(a => a.status === 401)!;
    expect(loser.body.error.code).to.equal('INVALID_MFA_CODE');
  });

  it('confirms an enrolment on one node with a code the other then refuses', async () => {
    const user = await givenUser(first.app);
    const {access_token: token} = await signIn(second.client, user.email);
    const enrolment = await first.client
      .post('/users/me/factors/totp')
      .set('Authorization', `Bearer ${token}`)
      .send({})
      .expect(201);
    const code = await totpCode(enrolment.body.secret, clock.now());
    await second.client
      .post(`/users/me/factors/${enrolment.body.id}/confirm`)
      .set('Authorization', `Bearer ${token}`)
      .send({code})
      .expect(200);
    const mfaToken = await firstFactor(first.client, user.email);
    const replay = await first.client
      .post('/auth/mfa')
      .send({mfaToken, method: 'totp', code})
      .expect(401);
    expect(replay.body.error.code).to.equal('INVALID_MFA_CODE');
  });
});
