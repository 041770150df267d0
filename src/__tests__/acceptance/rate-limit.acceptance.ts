import {expect} from '@loopback/testlab';
import {AuditEventRepository} from '../../repositories';
import {ManualClock} from '../fixtures/manual-clock';
import {
  basic,
  givenGuardApp,
  GuardApp,
  givenUser,
  GOOD_PASSWORD,
} from '../fixtures/guard';

describe('Rate limits and lock-out (acceptance)', () => {
  let running: GuardApp | undefined;
  afterEach(async () => {
    await running?.app.stop();
    running = undefined;
  });

  async function givenApp(options: Parameters<typeof givenGuardApp>[0]) {
    running = await givenGuardApp(options);
    return running;
  }

  describe('per IP, by route', () => {
    it('answers 429 RATE_LIMITED with Retry-After past the limit', async () => {
      const {client} = await givenApp({
        rateLimits: {perIp: {signup: {points: 2, durationSec: 60}}},
      });
      for (let i = 0; i < 2; i++) {
        const res = await client.post('/users').send({});
        expect(res.status).to.not.equal(429);
      }
      const res = await client.post('/users').send({}).expect(429);
      expect(res.body.error.code).to.equal('RATE_LIMITED');
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).to.be.within(1, 60);
      // Other routes keep their own budget.
      const token = await client.post('/auth/token').send({});
      expect(token.status).to.not.equal(429);
    });

    it('ignores X-Forwarded-For unless TRUST_PROXY says so', async () => {
      const {client} = await givenApp({
        rateLimits: {perIp: {passwordReset: {points: 1, durationSec: 60}}},
      });
      await client
        .post('/auth/password-reset')
        .set('X-Forwarded-For', '1.1.1.1');
      await client
        .post('/auth/password-reset')
        .set('X-Forwarded-For', '2.2.2.2')
        .expect(429);
    });

    it('counts each forwarded client apart behind a trusted proxy', async () => {
      const {client} = await givenApp({
        env: {TRUST_PROXY: 'loopback'},
        rateLimits: {perIp: {passwordReset: {points: 1, durationSec: 60}}},
      });
      await client
        .post('/auth/password-reset')
        .set('X-Forwarded-For', '1.1.1.1');
      const other = await client
        .post('/auth/password-reset')
        .set('X-Forwarded-For', '2.2.2.2');
      expect(other.status).to.not.equal(429);
      await client
        .post('/auth/password-reset')
        .set('X-Forwarded-For', '1.1.1.1')
        .expect(429);
    });
  });

  describe('wrong passwords', () => {
    it('locks an account out progressively, answering INVALID_CREDENTIALS even to the right password', async () => {
      const clock = new ManualClock();
      const {app, client} = await givenApp({
        clock,
        rateLimits: {lockout: {threshold: 3, stepsSec: [60, 300]}},
      });
      const user = await givenUser(app);
      const attempt = (password: string) =>
        client
          .get(`/users/${user.id}/roles`)
          .set('Authorization', basic(user.email, password));

      for (let i = 0; i < 3; i++) {
        const res = await attempt('wrong password').expect(401);
        expect(res.body.error.code).to.equal('INVALID_CREDENTIALS');
      }
      const locked = await attempt(GOOD_PASSWORD).expect(401);
      expect(locked.body.error).to.containDeep({
        code: 'INVALID_CREDENTIALS',
        message: 'The login or the password is wrong.',
      });

      // After the lock, the next run of failures locks for longer.
      clock.advance(60_000);
      for (let i = 0; i < 3; i++) await attempt('wrong again').expect(401);
      clock.advance(60_000);
      await attempt(GOOD_PASSWORD).expect(401);
      clock.advance(240_000);
      await attempt(GOOD_PASSWORD).expect(200);

      const audit = await app.getRepository(AuditEventRepository);
      const events = await audit.find({
        where: {type: 'login.failed', userId: user.id},
      });
      expect(events.map(e => e.details)).to.containDeep([
        {reason: 'account_locked', lockSeconds: 60},
        {reason: 'account_locked', lockSeconds: 300},
      ]);
    });

    it('a success resets the count of consecutive failures', async () => {
      const {app, client} = await givenApp({
        rateLimits: {lockout: {threshold: 3}},
      });
      const user = await givenUser(app);
      const attempt = (password: string) =>
        client
          .get(`/users/${user.id}/roles`)
          .set('Authorization', basic(user.email, password));
      await attempt('wrong').expect(401);
      await attempt('wrong').expect(401);
      await attempt(GOOD_PASSWORD).expect(200);
      await attempt('wrong').expect(401);
      await attempt('wrong').expect(401);
      await attempt(GOOD_PASSWORD).expect(200);
    });

    it('refuses an IP that made too many wrong guesses, whatever the account', async () => {
      const {app, client} = await givenApp({
        rateLimits: {
          passwordFailuresPerIp: {points: 2, durationSec: 60, blockSec: 120},
        },
      });
      const user = await givenUser(app);
      for (const login of ['nobody@example.com', user.email]) {
        await client
          .get(`/users/${user.id}/roles`)
          .set('Authorization', basic(login, 'wrong'))
          .expect(401);
      }
      const res = await client
        .get(`/users/${user.id}/roles`)
        .set('Authorization', basic(user.email, GOOD_PASSWORD))
        .expect(429);
      expect(res.body.error.code).to.equal('RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).to.be.within(60, 120);
    });
  });
});
