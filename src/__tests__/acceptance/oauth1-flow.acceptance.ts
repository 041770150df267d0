import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {givenProvidersFile} from '../fixtures/applications';
import {givenRunningApp} from '../fixtures/app';
import {givenOAuth1Server, OAuth1Server} from '../fixtures/oauth1-fake';
import {FAKE_OAUTH1_MODULE} from '../fixtures/passport-fake-oauth1';
import {
  exchangeCode,
  returnFrom,
  startLogin,
  WEB_REDIRECT,
} from '../fixtures/provider-flows';
import {withoutRequestLimits} from '../../services/abuse/rate-limit-settings';

describe('oAuth 1.0a browser flow without server sessions (acceptance)', () => {
  let server: OAuth1Server;
  let app: IdentityApplication;
  let client: Client;

  before(async () => {
    server = await givenOAuth1Server();
    const providersFile = givenProvidersFile({
      // Shaped like LoopBack 3's twitter-login example.
      'twitter-login': {
        provider: 'twitter',
        module: FAKE_OAUTH1_MODULE,
        authScheme: 'oAuth 1.0',
        consumerKey: 'twitter-ck',
        consumerSecret: 'twitter-cs',
        ...server.entryOptions(),
      },
    });
    ({app, client} = await givenRunningApp(
      {PROVIDERS_FILE: providersFile},
      {rateLimits: withoutRequestLimits()},
    ));
  });
  after(async () => {
    await app?.stop();
    await server?.stop();
  });

  /** The provider's redirect back to the service, not yet followed. */
  async function callbackOf(url: string): Promise<URL> {
    return new URL(await server.approve(url));
  }

  it('signs in through the provider and the code exchange', async () => {
    const flow = await startLogin(client, 'twitter-login');
    expect(flow.url).to.startWith(`${server.url}/oauth/authorize?`);

    // The fixture's access token endpoint only answers when the request
    // token secret made the round trip through the store.
    const location = await returnFrom(client, flow, server.approve);
    const tokens = await exchangeCode(client, location, flow);

    const identities = await client
      .get('/users/me/identities')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .expect(200);
    expect(identities.body).to.containDeep([
      {provider: 'twitter', name: 'twitter-login', externalId: 'tw-1'},
    ]);

    const again = await startLogin(client, 'twitter-login');
    const second = await exchangeCode(
      client,
      await returnFrom(client, again, server.approve),
      again,
    );
    expect(second.user_id).to.equal(tokens.user_id);
  });

  it('the callback carries the flow state the service chose', async () => {
    const flow = await startLogin(client, 'twitter-login');
    const callback = await callbackOf(flow.url);
    expect(callback.pathname).to.equal('/auth/twitter-login/callback');
    expect(callback.searchParams.get('state')).to.be.a.String();
    expect(callback.searchParams.get('state')).to.not.equal(flow.state);
  });

  it('a replayed callback is refused: 400 INVALID_STATE, no redirect', async () => {
    const flow = await startLogin(client, 'twitter-login');
    const callback = await callbackOf(flow.url);
    const path = callback.pathname + callback.search;
    await client.get(path).expect(302);

    const replay = await client.get(path).expect(400);
    expect(replay.body.error.code).to.equal('INVALID_STATE');
    expect(replay.headers.location).to.be.undefined();
  });

  it('a used request token does not work again, even in a fresh flow', async () => {
    const first = await startLogin(client, 'twitter-login');
    const used = await callbackOf(first.url);
    await client.get(used.pathname + used.search).expect(302);

    // A new flow (valid state) that presents the old request token: the
    // secret was handed out once and is gone from the store.
    const second = await startLogin(client, 'twitter-login');
    const fresh = await callbackOf(second.url);
    fresh.searchParams.set(
      'oauth_token',
      used.searchParams.get('oauth_token')!,
    );
    fresh.searchParams.set(
      'oauth_verifier',
      used.searchParams.get('oauth_verifier')!,
    );
    const res = await client.get(fresh.pathname + fresh.search).expect(302);
    const location = new URL(String(res.headers.location));
    expect(location.origin + location.pathname).to.equal(WEB_REDIRECT);
    expect(location.searchParams.get('error')).to.equal('provider_error');
    expect(location.searchParams.has('code')).to.be.false();
  });
});
