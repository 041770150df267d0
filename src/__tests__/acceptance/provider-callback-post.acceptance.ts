import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {approveAt} from '../fixtures/passport-driver';
import {
  exchangeCode,
  FlowWorld,
  givenFlowWorld,
  StartedFlow,
  startLogin,
  WEB_REDIRECT,
} from '../fixtures/provider-flows';

/**
 * Providers answering with `response_mode=form_post` (Apple, many OpenID
 * Connect servers) POST the callback's parameters as a form instead of
 * putting them in the query.
 */
describe('POST callbacks (form_post) (acceptance)', () => {
  let world: FlowWorld;
  before(async () => {
    world = await givenFlowWorld();
  });
  after(() => world.stop());

  /** Approves at the provider, then POSTs what it returned as a form. */
  async function postCallback(
    flow: StartedFlow,
    approve: (url: string) => Promise<string>,
  ) {
    const callback = new URL(await approve(flow.url));
    return world.client
      .post(callback.pathname)
      .type('form')
      .send(Object.fromEntries(callback.searchParams));
  }

  function landedWithCode(res: {headers: Record<string, unknown>}): URL {
    const location = new URL(String(res.headers.location));
    expect(location.origin + location.pathname).to.equal(WEB_REDIRECT);
    expect(location.searchParams.get('error')).to.be.null();
    expect(location.searchParams.get('code')).to.be.a.String();
    return location;
  }

  it('finishes an OAuth 2.0 login posted as a form', async () => {
    const fbId = randomUUID();
    world.facebook.signInAs({id: fbId, name: 'Posted Pat'});
    const flow = await startLogin(world.client, 'facebook-login');
    const res = await postCallback(flow, approveAt);
    expect(res.status).to.equal(302);
    const location = landedWithCode(res);
    expect(location.searchParams.get('state')).to.equal(flow.state);
    const tokens = await exchangeCode(world.client, location, flow);
    expect(tokens.user_id).to.be.a.String();
  });

  it('finishes an OpenID Connect login posted as a form', async () => {
    const flow = await startLogin(world.client, 'demo');
    const res = await postCallback(flow, world.oidc.signIn);
    expect(res.status).to.equal(302);
    const tokens = await exchangeCode(world.client, landedWithCode(res), flow);
    expect(tokens.user_id).to.be.a.String();
  });

  it('a posted state is single use too: 400 INVALID_STATE on replay', async () => {
    world.facebook.signInAs({id: randomUUID()});
    const flow = await startLogin(world.client, 'facebook-login');
    const callback = new URL(await approveAt(flow.url));
    const form = Object.fromEntries(callback.searchParams);
    await world.client
      .post(callback.pathname)
      .type('form')
      .send(form)
      .expect(302);
    const replay = await world.client
      .post(callback.pathname)
      .type('form')
      .send(form)
      .expect(400);
    expect(replay.body.error.code).to.equal('INVALID_STATE');
    expect(replay.headers.location).to.be.undefined();
  });

  it('a posted provider error goes back to the client as an error', async () => {
    const flow = await startLogin(world.client, 'facebook-login');
    const state = new URL(flow.url).searchParams.get('state')!;
    const res = await world.client
      .post('/auth/facebook-login/callback')
      .type('form')
      .send({state, error: 'access_denied'})
      .expect(302);
    const location = new URL(String(res.headers.location));
    expect(location.searchParams.get('error')).to.equal('access_denied');
    expect(location.searchParams.get('state')).to.equal(flow.state);
  });

  it('a form without state: 400 INVALID_STATE', async () => {
    const res = await world.client
      .post('/auth/facebook-login/callback')
      .type('form')
      .send({code: 'whatever'})
      .expect(400);
    expect(res.body.error.code).to.equal('INVALID_STATE');
  });
});
