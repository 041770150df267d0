import {expect} from '@loopback/testlab';
import * as oidc from 'openid-client';
import {RunningApp} from '../fixtures/app';
import {givenWebApp} from '../fixtures/browser';
import {
  ADMIN_ENV,
  browserFetch,
  claimsOf,
  CookieJar,
  givenAuthorizationUrl,
  givenPerson,
  locationOf,
  Person,
  signInOnHostedPage,
  signInThrough,
} from '../fixtures/oidc';
import {
  callApi,
  configFor,
  givenApp,
  givenResource,
  postOAuth,
  TestApp,
  TestResource,
} from '../fixtures/resource-servers';

// A person's tokens at the token endpoint: a refresh may narrow the scope
// (RFC 6749 §6), and a code or refresh names the API the token is for
// (RFC 8707). Unmodified openid-client 6 where a client would use it.
describe('OpenID Provider: scopes and resources of a person’s tokens (acceptance)', () => {
  let running: RunningApp;
  let base: string;
  let owner: Person;
  let person: Person;
  let orders: TestResource;
  let spa: TestApp;

  before(async () => {
    running = await givenWebApp(ADMIN_ENV);
    base = running.config.baseUrl;
    owner = await givenPerson(base);
    person = await givenPerson(base);
    orders = await givenResource(base, {accessTokenTtl: 600});
    spa = await givenApp(base, owner, {scopes: ['orders:read']});
  });
  after(() => running?.app.stop());

  function refresh(token: string, extra: Record<string, string> = {}) {
    return postOAuth(base, '/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: token,
      client_id: spa.clientId,
      ...extra,
    });
  }

  it('narrows the scope of a refreshed token, and the session keeps its grant (openid-client)', async () => {
    const {tokens} = await signInThrough(base, new CookieJar(), person, spa, {
      scope: 'openid profile email offline_access',
    });
    const config = await configFor(base, spa);
    const narrow = await oidc.refreshTokenGrant(
      config,
      tokens.refresh_token as string,
      {scope: 'openid email'},
    );
    expect(narrow.scope).to.equal('openid email');
    expect(claimsOf(narrow.access_token).scope).to.equal('openid email');
    const info = await oidc.fetchUserInfo(
      config,
      narrow.access_token,
      person.id,
    );
    expect(info.email).to.equal(person.email);
    expect(info).to.not.have.property('name');
    const full = await oidc.refreshTokenGrant(config, narrow.refresh_token!);
    expect(full.scope).to.equal('openid profile email offline_access');

    const wider = await refresh(full.refresh_token!, {scope: 'openid address'});
    expect(wider).to.containDeep({status: 400, body: {error: 'invalid_scope'}});
    // Refused before the rotation: the refresh token still works.
    expect((await refresh(full.refresh_token!)).status).to.equal(200);
  });

  it('gives a code naming a resource a token for that API only, with its scopes and lifetime', async () => {
    const {tokens} = await signInThrough(base, new CookieJar(), person, spa, {
      scope: 'openid orders:read orders:write offline_access',
      resource: orders.identifier,
    });
    // orders:write is not the application's; openid is for the service.
    expect(tokens.scope).to.equal('orders:read');
    expect(tokens.expires_in).to.equal(600);
    expect(tokens.id_token).to.be.a.String();
    const claims = claimsOf(tokens.access_token as string);
    expect(claims).to.containDeep({
      aud: orders.identifier,
      scope: 'orders:read',
      sub: person.id,
    });
    expect((claims.exp as number) - (claims.iat as number)).to.equal(600);
    // An Orders API token cannot use the account.
    const token = tokens.access_token as string;
    expect(await callApi(base, '/users/me', token)).to.eql({
      status: 401,
      code: 'INVALID_TOKEN',
    });
    const info = await fetch(`${base}/oauth/userinfo`, {
      headers: {authorization: `Bearer ${token}`},
    });
    expect(info.status).to.equal(401);
    // A refresh of such a session is for the same API.
    const again = await refresh(tokens.refresh_token as string);
    expect(claimsOf(again.body.access_token as string).aud).to.equal(
      orders.identifier,
    );
    expect(again.body.scope).to.equal('orders:read');
  });

  it('lets the token request pick one of the authorized resources, the service itself among them', async () => {
    const jar = new CookieJar();
    // GET /users/me answers the name and the email: a scoped token needs
    // `profile` and `email` there.
    const request = givenAuthorizationUrl(base, spa, {
      scope: 'openid profile email orders:read offline_access',
    });
    const url = `${request.url}&resource=${encodeURIComponent(orders.identifier)}&resource=${encodeURIComponent(base)}`;
    const page = locationOf(await browserFetch(jar, url));
    const callback = locationOf(
      await signInOnHostedPage(base, jar, page, person),
    );
    const code = callback.searchParams.get('code')!;
    const form = {
      grant_type: 'authorization_code',
      code,
      client_id: spa.clientId,
      redirect_uri: spa.redirectUri,
      code_verifier: request.verifier,
    };
    const tokens = await postOAuth(base, '/auth/token', {
      ...form,
      resource: base,
    });
    expect(tokens.status).to.equal(200);
    const own = tokens.body.access_token as string;
    expect(claimsOf(own)).to.containDeep({aud: base});
    expect(tokens.body.scope).to.equal('openid profile email offline_access');
    // BASE_URL is the service's own API: the token works there.
    expect(await callApi(base, '/users/me', own)).to.eql({status: 200});

    const rt = tokens.body.refresh_token as string;
    const forOrders = await refresh(rt, {resource: orders.identifier});
    expect(forOrders.body.scope).to.equal('orders:read');
    expect(claimsOf(forOrders.body.access_token as string).aud).to.equal(
      orders.identifier,
    );
    const rt2 = forOrders.body.refresh_token as string;
    for (const resource of [
      'https://elsewhere.example.com/api',
      spa.clientId,
    ]) {
      const refused = await refresh(rt2, {resource});
      expect(refused).to.containDeep({
        status: 400,
        body: {error: 'invalid_target'},
      });
    }
    // Two resources authorized and none named: which API is ambiguous.
    const ambiguous = await refresh(rt2);
    expect(ambiguous.body.error).to.equal('invalid_target');
  });

  it('refuses at the authorization endpoint a resource it does not serve', async () => {
    const request = givenAuthorizationUrl(base, spa, {
      resource: 'https://unknown.example.com/api',
    });
    const location = locationOf(
      await browserFetch(new CookieJar(), request.url),
    );
    expect(location.searchParams.get('error')).to.equal('invalid_target');
    expect(location.searchParams.get('code')).to.be.null();
  });
});
