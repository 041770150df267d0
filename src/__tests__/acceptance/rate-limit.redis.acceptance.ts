import {expect} from '@loopback/testlab';
import {IdentityBindings} from '../../keys';
import {
  basic,
  givenGuardApp,
  GuardApp,
  givenUser,
  GOOD_PASSWORD,
  uniquePrefix,
} from '../fixtures/guard';
import {
  requireService,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
} from '../fixtures/services';

describe('Rate limits shared by two nodes on PostgreSQL and Redis (acceptance)', () => {
  const apps: GuardApp[] = [];
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
    },
  );
  beforeEach(async () => {
    // Two nodes on one Redis, under a prefix no other run shares.
    const redis = {url: TEST_REDIS_URL, keyPrefix: uniquePrefix('guard')};
    const rateLimits = {
      perIp: {signup: {points: 2, durationSec: 60}},
      lockout: {threshold: 2},
      tokenFailures: {
        perClientAndIp: {points: 2, durationSec: 60, blockSec: 60},
      },
    };
    const env = {DATABASE_URL: TEST_DATABASE_URL};
    first = await givenGuardApp({env, redis, rateLimits, migrate: true});
    second = await givenGuardApp({env, redis, rateLimits});
    apps.push(first, second);
  });
  afterEach(async () => {
    for (const {app} of apps.splice(0)) await app.stop();
  });

  it('counts requests to either node against one per-IP limit', async () => {
    const one = await first.client.post('/users').send({});
    const two = await second.client.post('/users').send({});
    expect([one.status, two.status]).to.not.containEql(429);
    const res = await first.client.post('/users').send({}).expect(429);
    expect(res.body.error.code).to.equal('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).to.be.within(1, 60);
  });

  it('locks an account out on every node', async () => {
    const user = await givenUser(first.app);
    for (let i = 0; i < 2; i++) {
      await first.client
        .get(`/users/${user.id}/roles`)
        .set('Authorization', basic(user.email, 'wrong'))
        .expect(401);
    }
    const res = await second.client
      .get(`/users/${user.id}/roles`)
      .set('Authorization', basic(user.email, GOOD_PASSWORD))
      .expect(401);
    expect(res.body.error.code).to.equal('INVALID_CREDENTIALS');
    const lockout = await second.app.get(
      IdentityBindings.LOGIN_LOCKOUT_SERVICE,
    );
    expect(await lockout.lockedFor(user.id)).to.be.within(1, 60);
  });

  it('lets a device token from one node through the other node’s lock-out', async () => {
    const user = await givenUser(first.app);
    const roles = (node: GuardApp, password: string) =>
      node.client
        .get(`/users/${user.id}/roles`)
        .set('Authorization', basic(user.email, password));
    const signedIn = await roles(first, GOOD_PASSWORD).expect(200);
    const device = signedIn.headers['device-token'] as string;
    for (let i = 0; i < 2; i++) await roles(first, 'wrong').expect(401);
    await roles(second, GOOD_PASSWORD).expect(401);
    await roles(second, GOOD_PASSWORD).set('Device-Token', device).expect(200);
  });

  it('counts one address’s failed token requests on every node', async () => {
    const bogus = (node: GuardApp) =>
      node.client
        .post('/auth/token')
        .send({grant_type: 'refresh_token', refresh_token: 'nope.nope'});
    for (let i = 0; i < 2; i++) {
      await bogus(i % 2 ? second : first).expect(400);
    }
    const res = await bogus(second).expect(429);
    expect(res.body.error.code).to.equal('RATE_LIMITED');
  });
});
