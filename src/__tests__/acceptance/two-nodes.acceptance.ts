import {Client, createRestAppClient, expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {givenConfig, givenDataDir, removeDataDir} from '../fixtures/app';
import {callWithToken, givenSession, givenUser} from '../fixtures/oauth';
import {
  requireService,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
} from '../fixtures/services';

describe('Two nodes sharing PostgreSQL and Redis (acceptance)', () => {
  const apps: IdentityApplication[] = [];
  const nodes: {app: IdentityApplication; client: Client}[] = [];
  let dataDir: string;

  before(givenTwoNodes);
  after(async () => {
    for (const app of apps) await app.stop();
    if (dataDir) removeDataDir(dataDir);
  });

  async function givenTwoNodes(this: Context): Promise<void> {
    await requireService(
      this,
      'PostgreSQL',
      TEST_DATABASE_URL,
      'set TEST_DATABASE_URL=postgres://…',
    );
    await requireService(
      this,
      'Redis',
      TEST_REDIS_URL,
      'set TEST_REDIS_URL or run Redis on 127.0.0.1:6379',
    );
    dataDir = givenDataDir();
    const env = {
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
      DATA_DIR: dataDir,
    };
    for (let i = 0; i < 2; i++) {
      const app = new IdentityApplication(givenConfig(env));
      await app.boot();
      if (i === 0) await app.migrateSchema({existingSchema: 'alter'});
      apps.push(app);
    }
    // Both start at once, as behind a load balancer: one creates `web`.
    await Promise.all(apps.map(app => app.start()));
    for (const app of apps) nodes.push({app, client: createRestAppClient(app)});
  }

  it('accepts on one node a token issued by the other', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const userId = (await givenUser(a.app)).id;
    const tokens = await givenSession(a.app, userId);
    await callWithToken(b.client, tokens.access_token).expect(200);
    const refreshed = await b.client
      .post('/auth/token')
      .send({grant_type: 'refresh_token', refresh_token: tokens.refresh_token})
      .expect(200);
    await callWithToken(a.client, refreshed.body.access_token).expect(200);
  });

  it('refuses on one node, at the very next request, a token logged out on the other', async () => {
    const [a, b] = [nodes[0]!, nodes[1]!];
    const userId = (await givenUser(a.app)).id;
    const tokens = await givenSession(a.app, userId);
    await callWithToken(b.client, tokens.access_token).expect(200);
    await a.client
      .post('/auth/logout')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .expect(204);
    const res = await callWithToken(b.client, tokens.access_token).expect(401);
    expect(res.body.error.code).to.equal('INVALID_TOKEN');
  });
});
