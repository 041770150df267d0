import {expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityBindings} from '../../keys';
import {call} from '../fixtures/http';
import {RedisServer, requireRedisServer} from '../fixtures/redis-server';
import {givenResourceApi, ResourceApi} from '../fixtures/resource-api';
import {requireService, TEST_REDIS_URL} from '../fixtures/services';
import {
  givenTokenIssuer,
  Person,
  TokenIssuer,
  ConfidentialApp,
  signOutAtClient,
} from '../fixtures/token-issuer';

/**
 * Revocation seen by a separate API that reads the marks the service writes
 * in the Redis both share (REDIS_URL), with no call to the service.
 */
describe('IdentityTokenStrategy with the shared store (acceptance)', () => {
  let issuer: TokenIssuer | undefined;
  let api: ResourceApi | undefined;
  let client: ConfidentialApp;
  let person: Person;

  async function givenServiceAndApi(redisUrl: string): Promise<void> {
    issuer = await givenTokenIssuer({REDIS_URL: redisUrl});
    client = await issuer.givenConfidentialApp();
    person = await issuer.givenPerson();
    api = await givenResourceApi({
      issuer: issuer.issuer,
      audience: client.audience,
      revocation: {store: {redisUrl}},
    });
  }
  afterEach(async () => {
    await api?.stop();
    await issuer?.stop();
    api = issuer = undefined;
  });

  const status = async (token: string) =>
    (await api!.call('GET', '/orders', token)).status;
  const tokens = () => issuer!.givenAppTokens(client, person, 'orders:read');

  describe('in the Redis the service uses (TEST_REDIS_URL)', () => {
    before(requireRedis);
    async function requireRedis(this: Context): Promise<void> {
      await requireService(this, 'Redis', TEST_REDIS_URL, 'set TEST_REDIS_URL');
    }

    it('refuses on the next request a token signed out or whose session was deleted', async () => {
      await givenServiceAndApi(TEST_REDIS_URL);
      const [signedOut, deleted, live] = [
        await tokens(),
        await tokens(),
        await tokens(),
      ];
      for (const t of [signedOut, deleted, live])
        expect(await status(t.accessToken)).to.equal(200);

      await signOutAtClient(issuer!.issuer, client, signedOut.accessToken);
      await call(issuer!.issuer, 'DELETE', `/sessions/${deleted.sessionId}`, {
        auth: `Bearer ${person.webToken}`,
      });
      const refused = await api!.call('GET', '/orders', signedOut.accessToken);
      expect(refused.headers.get('www-authenticate')).to.equal(
        'Bearer error="invalid_token", error_description="The access token is revoked"',
      );
      expect(await status(deleted.accessToken)).to.equal(401);
      expect(await status(live.accessToken)).to.equal(200);
    });
  });

  describe('when the store loses its data', () => {
    let redis: RedisServer | undefined;
    before(startPrivateRedis);
    async function startPrivateRedis(this: Context): Promise<void> {
      requireRedisServer(this);
      redis = await RedisServer.start();
    }
    after(() => redis?.stop());

    it('answers 503 until a node of the service has restored the revocations', async () => {
      await givenServiceAndApi(redis!.url);
      const [revoked, live] = [await tokens(), await tokens()];
      await signOutAtClient(issuer!.issuer, client, revoked.accessToken);
      expect(await status(revoked.accessToken)).to.equal(401);

      await redis!.command('FLUSHALL');
      // A missing mark proves nothing now: neither token passes.
      for (const t of [revoked, live]) {
        const res = await api!.call('GET', '/orders', t.accessToken);
        expect({
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
        }).to.eql({
          status: 503,
          retryAfter: '5',
        });
      }
      expect(api!.logged.join('\n')).to.match(/lost its revocations/);

      // What each node's upkeep does every few seconds.
      const revocations = await issuer!.app.get(
        IdentityBindings.REVOCATION_SERVICE,
      );
      await revocations.renewFilled();
      expect(await status(revoked.accessToken)).to.equal(401);
      expect(await status(live.accessToken)).to.equal(200);
    });

    it('answers 503 while Redis is unreachable, and recovers by itself', async () => {
      await givenServiceAndApi(redis!.url);
      const {accessToken} = await tokens();
      expect(await status(accessToken)).to.equal(200);
      await redis!.stop();
      expect(await status(accessToken)).to.equal(503);
      await redis!.startAgain();
      const revocations = await issuer!.app.get(
        IdentityBindings.REVOCATION_SERVICE,
      );
      await untilResolved(() => revocations.renewFilled());
      await untilResolved(async () => {
        if ((await status(accessToken)) !== 200) throw new Error('not yet');
      });
    });
  });
});

/** Retries `attempt` while the clients reconnect (ioredis backs off up to 2 s). */
async function untilResolved(attempt: () => Promise<unknown>): Promise<void> {
  for (let i = 1; ; i++) {
    try {
      await attempt();
      return;
    } catch (err) {
      if (i >= 100) throw err;
      await new Promise(r => setTimeout(r, 50));
    }
  }
}
