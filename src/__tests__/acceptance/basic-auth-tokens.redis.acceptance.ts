import {Client, createRestAppClient, expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {
  basicHeader,
  givenSignedUpUser,
  SignedUpUser,
} from '../fixtures/accounts';
import {givenConfig, givenDataDir, removeDataDir} from '../fixtures/app';
import {
  requireService,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
} from '../fixtures/services';

/**
 * Issue 15: an HTTP Basic auth token is shared by every node through the
 * database and the store, and stops on every node at once.
 */
describe('HTTP Basic auth tokens on two nodes sharing PostgreSQL and Redis', () => {
  const apps: IdentityApplication[] = [];
  let a: Client;
  let b: Client;
  let dataDir: string;
  let user: SignedUpUser;

  before(givenTwoNodes);

  async function givenTwoNodes(this: Context): Promise<void> {
    await requireService(
      this,
      'PostgreSQL',
      TEST_DATABASE_URL,
      'set TEST_DATABASE_URL',
    );
    await requireService(this, 'Redis', TEST_REDIS_URL, 'set TEST_REDIS_URL');
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
    await Promise.all(apps.map(app => app.start()));
    [a, b] = apps.map(app => createRestAppClient(app)) as [Client, Client];
  }
  after(async () => {
    for (const app of apps) await app.stop();
    if (dataDir) removeDataDir(dataDir);
  });
  beforeEach(async () => {
    user = await givenSignedUpUser(a);
  });

  function me(client: Client, password: string) {
    return client
      .get('/users/me')
      .set('User-Agent', 'two-node-script/1')
      .set('Authorization', basicHeader(user.email, password));
  }

  async function tokenFrom(client: Client) {
    const res = await me(client, user.password).expect(200);
    return {
      token: String(res.headers['auth-token']),
      location: String(res.headers['auth-token-location']),
    };
  }

  it('gives the same token on both nodes and accepts it on both', async () => {
    const fromA = await tokenFrom(a);
    const fromB = await tokenFrom(b);
    expect(fromB.token).to.equal(fromA.token);
    await me(a, fromA.token).expect(200);
    await me(b, fromA.token).expect(200);
  });

  it('stops on both nodes after DELETE on one', async () => {
    const {token, location} = await tokenFrom(a);
    await me(b, token).expect(200);
    await b
      .delete(location)
      .set('Authorization', basicHeader(user.email, token))
      .expect(204);
    await me(a, token).expect(401);
    await me(b, token).expect(401);
  });

  it('stops on both nodes after signing out everywhere', async () => {
    const {token} = await tokenFrom(a);
    await b
      .delete('/sessions')
      .set('Authorization', basicHeader(user.email, user.password))
      .expect(200);
    await me(a, token).expect(401);
    await me(b, token).expect(401);
  });

  it('stops on both nodes after a password change', async () => {
    const {token} = await tokenFrom(a);
    await a
      .put('/users/me/password')
      .set('Authorization', basicHeader(user.email, user.password))
      .send({currentPassword: user.password, newPassword: `${user.password}!x`})
      .expect(204);
    await me(a, token).expect(401);
    await me(b, token).expect(401);
  });
});
