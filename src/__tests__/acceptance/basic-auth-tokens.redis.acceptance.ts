import {Client, expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {
  basicHeader,
  givenSignedUpUser,
  SignedUpUser,
} from '../fixtures/accounts';
import {givenTwoNodes, TwoNodes} from '../fixtures/two-nodes';

/**
 * Issue 15: an HTTP Basic auth token is shared by every node through the
 * database and the store, and stops on every node at once.
 */
describe('HTTP Basic auth tokens on two nodes sharing PostgreSQL and Redis', () => {
  let twoNodes: TwoNodes | undefined;
  let a: Client;
  let b: Client;
  let user: SignedUpUser;

  before(startNodes);
  after(() => twoNodes?.stop());

  async function startNodes(this: Context): Promise<void> {
    twoNodes = await givenTwoNodes(this);
    [a, b] = twoNodes.clients;
  }
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
