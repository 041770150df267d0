import {expect, sinon} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityBindings} from '../../keys';
import {SessionRepository} from '../../repositories';
import {
  givenDataDir,
  givenRunningApp,
  removeDataDir,
  RunningApp,
} from '../fixtures/app';
import {givenPkce, givenSession, givenUser} from '../fixtures/oauth';
import {RedisServer, requireRedisServer} from '../fixtures/redis-server';
import {
  expectAccepted,
  expectRefused,
  expectUnavailable,
  givenRevokedAndLiveTokens,
  untilStoreAnswers,
} from '../fixtures/revocation-scene';
import {requireService, TEST_DATABASE_URL} from '../fixtures/services';

describe('Losing Redis loses no revocation (acceptance)', () => {
  let redis: RedisServer;
  const dataDirs: string[] = [];

  before(givenRedisServer);
  after(async () => {
    await redis?.stop();
    for (const dir of dataDirs) removeDataDir(dir);
  });

  async function givenRedisServer(this: Context): Promise<void> {
    requireRedisServer(this);
    redis = await RedisServer.start();
  }

  async function givenNode(env: Record<string, string> = {}) {
    const dataDir = givenDataDir();
    dataDirs.push(dataDir);
    return givenRunningApp({REDIS_URL: redis.url, DATA_DIR: dataDir, ...env});
  }

  describe('one node on the embedded database', () => {
    let node: RunningApp;
    before(async () => {
      node = await givenNode();
    });
    after(async () => {
      sinon.restore();
      await node?.app.stop();
    });

    it('refuses tokens revoked before Redis was killed and restarted empty', async () => {
      const scene = await givenRevokedAndLiveTokens(node.app, node.client);
      await redis.restart();
      await untilStoreAnswers(node.app);
      await expectRefused(node.client, scene.revoked);
      await expectAccepted(node.client, scene.live);
    });

    it('refuses tokens revoked before a FLUSHALL', async () => {
      const scene = await givenRevokedAndLiveTokens(node.app, node.client);
      expect(await redis.command('FLUSHALL')).to.startWith('+OK');
      await expectRefused(node.client, scene.revoked);
      await expectAccepted(node.client, scene.live);
    });

    it('answers 503 SERVICE_UNAVAILABLE, never accepts, while the database cannot refill the store', async () => {
      const scene = await givenRevokedAndLiveTokens(node.app, node.client);
      await redis.command('FLUSHALL');
      const find = sinon
        .stub(SessionRepository.prototype, 'find')
        .rejects(new Error('connection terminated'));
      try {
        await expectUnavailable(node.client, {
          ...scene.revoked,
          ...scene.live,
        });
        const revocations = await node.app.get(
          IdentityBindings.REVOCATION_SERVICE,
        );
        await expect(revocations.isSessionRevoked('any')).to.be.rejectedWith({
          code: 'SERVICE_UNAVAILABLE',
        });
        expect(find.called).to.be.true();
      } finally {
        find.restore();
      }
      await expectRefused(node.client, scene.revoked);
      await expectAccepted(node.client, scene.live);
    });

    it('keeps refusing refresh tokens of revoked sessions: the database decides', async () => {
      const user = await givenUser(node.app);
      const tokens = await givenSession(node.app, user.id);
      await node.client
        .post('/auth/logout')
        .set('Authorization', `Bearer ${tokens.access_token}`)
        .expect(204);
      await redis.restart();
      await untilStoreAnswers(node.app);
      const res = await node.client
        .post('/auth/token')
        .send({
          grant_type: 'refresh_token',
          refresh_token: tokens.refresh_token,
        })
        .expect(400);
      expect(res.body.error).to.equal('invalid_grant');
    });

    it('lets no one-time code be exchanged, used or not, after the loss', async () => {
      const codes = await node.app.get(
        IdentityBindings.AUTHORIZATION_CODE_SERVICE,
      );
      const user = await givenUser(node.app);
      const pkce = givenPkce();
      const grant = {
        userId: user.id,
        clientId: 'web',
        redirectUri: 'http://localhost:3000/',
        codeChallenge: pkce.challenge,
        codeChallengeMethod: 'S256' as const,
        authMethod: 'password',
      };
      const exchange = (code: string) =>
        codes.exchange({
          code,
          clientId: grant.clientId,
          redirectUri: grant.redirectUri,
          codeVerifier: pkce.verifier,
        });
      const used = await codes.issue(grant);
      await exchange(used);
      const pending = await codes.issue(grant);
      await redis.restart();
      await untilStoreAnswers(node.app);
      for (const code of [used, pending]) {
        await expect(exchange(code)).to.be.rejectedWith({
          error: 'invalid_grant',
        });
      }
    });
  });

  describe('two nodes on PostgreSQL', () => {
    const nodes: RunningApp[] = [];
    before(givenTwoNodes);
    after(async () => {
      for (const node of nodes) await node.app.stop();
    });

    async function givenTwoNodes(this: Context): Promise<void> {
      await requireService(
        this,
        'PostgreSQL',
        TEST_DATABASE_URL,
        'set TEST_DATABASE_URL=postgres://…',
      );
      const env = {DATABASE_URL: TEST_DATABASE_URL};
      const first = await givenNode(env);
      await first.app.migrateSchema({existingSchema: 'alter'});
      nodes.push(first, await givenNode(env));
    }

    it('both refuse, after Redis restarts empty, tokens revoked on either', async () => {
      const [a, b] = [nodes[0]!, nodes[1]!];
      const scene = await givenRevokedAndLiveTokens(a.app, a.client);
      await expectRefused(b.client, scene.revoked);
      await redis.restart();
      await untilStoreAnswers(a.app);
      await untilStoreAnswers(b.app);
      // Both notice the loss at once; one refills, the other waits for it.
      await Promise.all([
        expectRefused(a.client, scene.revoked),
        expectRefused(b.client, scene.revoked),
      ]);
      await expectAccepted(a.client, scene.live);
      await expectAccepted(b.client, scene.live);
    });
  });
});
