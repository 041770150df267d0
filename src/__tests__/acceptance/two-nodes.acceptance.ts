import {Client, expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {callWithToken, givenSession, givenUser} from '../fixtures/oauth';
import {givenTwoNodes, TwoNodes} from '../fixtures/two-nodes';

describe('Two nodes sharing PostgreSQL and Redis (acceptance)', () => {
  let twoNodes: TwoNodes | undefined;
  const nodes: {app: IdentityApplication; client: Client}[] = [];

  before(startNodes);
  after(() => twoNodes?.stop());

  async function startNodes(this: Context): Promise<void> {
    twoNodes = await givenTwoNodes(this);
    twoNodes.apps.forEach((app, i) =>
      nodes.push({app, client: twoNodes!.clients[i]!}),
    );
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
