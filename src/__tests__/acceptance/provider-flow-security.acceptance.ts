import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {givenApplication, givenPkce, postForm} from '../fixtures/oauth';
import {approveAt} from '../fixtures/passport-driver';
import {
  FlowWorld,
  givenFlowParams,
  givenFlowWorld,
  returnFrom,
  startLogin,
  WEB_REDIRECT,
} from '../fixtures/provider-flows';

describe('third-party login flows refuse what they cannot trust', () => {
  let world: FlowWorld;
  before(async () => {
    world = await givenFlowWorld();
  });
  after(() => world.stop());

  /** The callback URL the provider sends the browser to, not yet followed. */
  async function callbackOf(flowUrl: string): Promise<URL> {
    return new URL(await approveAt(flowUrl));
  }

  async function expectInvalidState(path: string) {
    const res = await world.client.get(path).expect(400);
    expect(res.body.error.code).to.equal('INVALID_STATE');
    expect(res.headers.location).to.be.undefined();
  }

  describe('state', () => {
    it('missing: 400 INVALID_STATE, no redirect', async () => {
      const callback = await callbackOf(
        (await startLogin(world.client, 'facebook-login')).url,
      );
      callback.searchParams.delete('state');
      await expectInvalidState(callback.pathname + callback.search);
    });

    it('tampered: 400 INVALID_STATE', async () => {
      const callback = await callbackOf(
        (await startLogin(world.client, 'facebook-login')).url,
      );
      callback.searchParams.set(
        'state',
        `${callback.searchParams.get('state')}x`,
      );
      await expectInvalidState(callback.pathname + callback.search);
    });

    it('replayed: the second use is 400 INVALID_STATE', async () => {
      const callback = await callbackOf(
        (await startLogin(world.client, 'facebook-login')).url,
      );
      const path = callback.pathname + callback.search;
      await world.client.get(path).expect(302);
      await expectInvalidState(path);
    });

    it('expired after 5 minutes: 400 INVALID_STATE', async () => {
      const callback = await callbackOf(
        (await startLogin(world.client, 'facebook-login')).url,
      );
      world.clock.advance(5 * 60_000 + 1);
      await expectInvalidState(callback.pathname + callback.search);
    });

    it('the provider sees a server-side state, not the client’s', async () => {
      const flow = await startLogin(world.client, 'facebook-login');
      const sent = new URL(flow.url).searchParams.get('state');
      expect(sent).to.be.a.String();
      expect(sent).to.not.equal(flow.state);
    });
  });

  describe('starting a flow', () => {
    it('unregistered redirect_uri: 400 INVALID_REDIRECT_URI, no Location', async () => {
      const {query} = givenFlowParams({
        redirect_uri: 'https://attacker.example/steal',
      });
      const res = await world.client
        .get('/auth/facebook-login')
        .query(query)
        .expect(400);
      expect(res.body.error.code).to.equal('INVALID_REDIRECT_URI');
      expect(res.headers.location).to.be.undefined();
    });

    it('a redirect_uri that only starts like a registered one is refused', async () => {
      const {query} = givenFlowParams({
        redirect_uri: `${WEB_REDIRECT}evil`,
      });
      const res = await world.client
        .get('/auth/facebook-login')
        .query(query)
        .expect(400);
      expect(res.body.error.code).to.equal('INVALID_REDIRECT_URI');
    });

    it('unknown client: 400 INVALID_CLIENT', async () => {
      const {query} = givenFlowParams({client_id: randomUUID()});
      const res = await world.client
        .get('/auth/facebook-login')
        .query(query)
        .expect(400);
      expect(res.body.error.code).to.equal('INVALID_CLIENT');
    });

    it('no PKCE challenge: 400 INVALID_REQUEST', async () => {
      const res = await world.client
        .get('/auth/facebook-login')
        .query({client_id: 'web', redirect_uri: WEB_REDIRECT})
        .expect(400);
      expect(res.body.error.code).to.equal('INVALID_REQUEST');
    });

    it('documents each entry’s paths in the OpenAPI spec', async () => {
      const res = await world.client.get('/openapi.json').expect(200);
      expect(Object.keys(res.body.paths)).to.containEql('/auth/facebook-login');
      expect(Object.keys(res.body.paths)).to.containEql('/auth/demo/callback');
    });

    it('without response_mode: 302 to the provider', async () => {
      const {query} = givenFlowParams();
      const res = await world.client
        .get('/auth/facebook-login')
        .query(query)
        .expect(302);
      expect(res.headers.location).to.startWith(
        `${world.facebook.url}/dialog/oauth?`,
      );
    });

    it('another application’s registered redirect URI works for that client only', async () => {
      const other = await givenApplication(world.app);
      const ok = givenFlowParams({
        client_id: other.id,
        redirect_uri: other.redirectUri,
      });
      await world.client
        .get('/auth/facebook-login')
        .query({...ok.query, response_mode: 'json'})
        .expect(200);
      const crossed = givenFlowParams({redirect_uri: other.redirectUri});
      const res = await world.client
        .get('/auth/facebook-login')
        .query(crossed.query)
        .expect(400);
      expect(res.body.error.code).to.equal('INVALID_REDIRECT_URI');
    });
  });

  describe('the one-time code', () => {
    async function givenCode() {
      world.facebook.signInAs({id: randomUUID(), name: 'Cody'});
      const flow = await startLogin(world.client, 'facebook-login');
      const location = await returnFrom(world.client, flow);
      return {flow, location, code: location.searchParams.get('code')!};
    }

    function exchange(code: string, verifier: string) {
      return postForm(world.client, '/auth/token', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: WEB_REDIRECT,
        client_id: 'web',
        code_verifier: verifier,
      });
    }

    it('a wrong PKCE verifier: invalid_grant', async () => {
      const {code} = await givenCode();
      const res = await exchange(code, givenPkce().verifier).expect(400);
      expect(res.body.error).to.equal('invalid_grant');
    });

    it('a replayed code: invalid_grant, and the first session is revoked', async () => {
      const {flow, code} = await givenCode();
      const first = await exchange(code, flow.verifier).expect(200);
      const replay = await exchange(code, flow.verifier).expect(400);
      expect(replay.body.error).to.equal('invalid_grant');
      await world.client
        .get('/sessions')
        .set('Authorization', `Bearer ${first.body.access_token}`)
        .expect(401);
    });

    it('never puts a token in the redirect URL', async () => {
      const {location} = await givenCode();
      expect([...location.searchParams.keys()].sort()).to.eql([
        'code',
        'state',
      ]);
    });
  });
});
