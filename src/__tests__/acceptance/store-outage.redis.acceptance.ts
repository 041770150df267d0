import {Client, expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {TEST_PASSWORD, givenUser, TestUser} from '../fixtures/oauth';
import {REDIS_SERVER_BIN, RedisServer} from '../fixtures/redis-server';

/**
 * With Redis down, every request that needs it answers 503
 * SERVICE_UNAVAILABLE with Retry-After (RFC 6749's temporarily_unavailable
 * on /auth/token), and the node serves again once Redis is back, without a
 * restart. Runs on a private redis-server this suite starts and kills.
 */
describe('Redis outage (acceptance)', function (this: Mocha.Suite) {
  this.timeout(30000);
  let redis: RedisServer | undefined;
  let app: IdentityApplication;
  let client: Client;
  let dataDir: string;

  before(givenAppOnPrivateRedis);
  after(async () => {
    await app?.stop();
    await redis?.stop();
    if (dataDir) removeDataDir(dataDir);
  });

  it('answers 503 SERVICE_UNAVAILABLE while down and recovers when back', async () => {
    const user = await givenUser(app);
    const tokens = await login(user).expect(200);
    const bearer = `Bearer ${tokens.body.access_token}`;
    await client.get('/users/me').set('Authorization', bearer).expect(200);

    await redis!.stop();

    expectUnavailable(
      await client.get('/users/me').set('Authorization', bearer),
    );
    expectUnavailable(await login(user));
    expectUnavailable(
      await client.get('/users/me').set('Authorization', user.basic),
    );
    const refreshed = await client.post('/auth/token').send({
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token,
    });
    expect(refreshed.status).to.equal(503);
    expect(refreshed.body).to.containDeep({error: 'temporarily_unavailable'});
    expect(refreshed.body.error_description).to.be.a.String();
    expect(refreshed.headers['retry-after']).to.match(/^\d+$/);
    const ready = await client.get('/ready').expect(503);
    expect(ready.body.checks).to.deepEqual({
      database: 'ok',
      store: 'unreachable',
    });

    await redis!.startAgain();
    await untilReady();
    await login(user).expect(200);
    await client.get('/users/me').set('Authorization', bearer).expect(200);
    await client
      .post('/auth/token')
      .send({
        grant_type: 'refresh_token',
        refresh_token: tokens.body.refresh_token,
      })
      .expect(200);
  });

  async function givenAppOnPrivateRedis(this: Context): Promise<void> {
    try {
      redis = await RedisServer.start();
    } catch (err) {
      if (process.env.CI === 'true') throw err;
      console.log(
        `      Redis outage suite did NOT run: cannot start ${REDIS_SERVER_BIN} (${(err as Error).message})`,
      );
      this.skip();
    }
    dataDir = givenDataDir();
    ({app, client} = await givenRunningApp({
      DATA_DIR: dataDir,
      REDIS_URL: redis.url,
    }));
  }

  function login(user: TestUser) {
    return client
      .post('/auth/login')
      .send({login: user.email, password: TEST_PASSWORD});
  }

  /** The client reconnects on its own, with backoff: wait for it. */
  async function untilReady(): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      if ((await client.get('/ready')).status === 200) return;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    throw new Error('the store did not come back within 100 probes');
  }
});

function expectUnavailable(res: {
  status: number;
  body: {error?: {code?: string}};
  headers: Record<string, string>;
}): void {
  expect({status: res.status, code: res.body.error?.code}).to.deepEqual({
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
  });
  expect(res.headers['retry-after']).to.match(/^\d+$/);
}
