import {expect} from '@loopback/testlab';
import {RunningApp} from '../fixtures/app';
import {givenWebApp} from '../fixtures/browser';
import {
  callJson,
  claimsOf,
  CookieJar,
  exchangeCode,
  givenAuthorizationUrl,
  givenPerson,
  locationOf,
  Person,
  browserFetch,
  signInThrough,
  TestClient,
} from '../fixtures/oidc';
import {givenTestClient} from '../fixtures/oidc-clients';

// What a code of the authorization endpoint is worth at the token endpoint,
// and what userinfo answers for the token it gives.
describe('OpenID Provider: token response and userinfo (acceptance)', () => {
  let running: RunningApp;
  let base: string;
  let person: Person;
  let app: TestClient;
  const web: TestClient = {clientId: 'web', redirectUri: ''};

  before(async () => {
    running = await givenWebApp();
    base = running.config.baseUrl;
    web.redirectUri = `${base}/`;
    const owner = await givenPerson(base);
    person = await givenPerson(base);
    app = await givenTestClient(base, owner, 'http://localhost:9/cb');
  });
  after(() => running?.app.stop());

  it('gives a refresh token to a third-party client only with offline_access', async () => {
    const without = await signInThrough(base, new CookieJar(), person, app);
    expect(without.tokens.refresh_token).to.be.undefined();
    expect(without.tokens.scope).to.equal('openid');

    const withOffline = await signInThrough(
      base,
      new CookieJar(),
      person,
      app,
      {
        scope: 'openid offline_access',
      },
    );
    const refreshed = await fetch(`${base}/auth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: withOffline.tokens.refresh_token as string,
        client_id: app.clientId,
      }),
    });
    expect(refreshed.status).to.equal(200);
  });

  it('gives a first-party client its refresh token, as the page has always had', async () => {
    const {tokens} = await signInThrough(base, new CookieJar(), person, web);
    expect(tokens.refresh_token).to.be.a.String();
    expect(claimsOf(tokens.id_token as string).aud).to.equal('web');
  });

  it('issues no ID token without openid, and userinfo refuses that token', async () => {
    const {tokens} = await signInThrough(base, new CookieJar(), person, app, {
      scope: 'profile',
    });
    expect(tokens.id_token).to.be.undefined();
    expect(tokens.scope).to.equal('profile');
    const info = await fetch(`${base}/oauth/userinfo`, {
      headers: {authorization: `Bearer ${tokens.access_token}`},
    });
    expect(info.status).to.equal(403);
    expect(info.headers.get('www-authenticate')).to.match(
      /^Bearer .*error="insufficient_scope"/,
    );
    expect(await info.json()).to.containDeep({error: 'insufficient_scope'});
  });

  it('answers userinfo by POST, and RFC 6750 challenges for missing or bad tokens', async () => {
    const {tokens} = await signInThrough(base, new CookieJar(), person, app, {
      scope: 'openid email',
    });
    const byPost = await fetch(`${base}/oauth/userinfo`, {
      method: 'POST',
      headers: {authorization: `Bearer ${tokens.access_token}`},
    });
    expect(await byPost.json()).to.eql({
      sub: person.id,
      email: person.email,
      email_verified: false,
    });
    expect(byPost.headers.get('cache-control')).to.equal('no-store');

    const none = await fetch(`${base}/oauth/userinfo`);
    expect(none.status).to.equal(401);
    expect(none.headers.get('www-authenticate')).to.equal(
      'Bearer realm="identity"',
    );
    const bad = await fetch(`${base}/oauth/userinfo`, {
      headers: {authorization: 'Bearer not-a-token'},
    });
    expect(bad.status).to.equal(401);
    expect(bad.headers.get('www-authenticate')).to.match(
      /error="invalid_token"/,
    );

    // A password sign-in's token was granted no openid scope.
    const login = await callJson(base, 'POST', '/auth/login', {
      body: {login: person.email, password: person.password},
    });
    const page = await fetch(`${base}/oauth/userinfo`, {
      headers: {authorization: `Bearer ${login.body.access_token}`},
    });
    expect(page.status).to.equal(403);
  });

  it('hands each code out once: a replay is invalid_grant and revokes what it opened', async () => {
    const jar = new CookieJar();
    await signInThrough(base, jar, person, app);
    const request = givenAuthorizationUrl(base, app);
    const code = locationOf(
      await browserFetch(jar, request.url),
    ).searchParams.get('code')!;
    const first = await exchangeCode(base, app, code, request.verifier);
    expect(first.status).to.equal(200);
    const replay = await exchangeCode(base, app, code, request.verifier);
    expect([replay.status, replay.body.error]).to.eql([400, 'invalid_grant']);
    const info = await fetch(`${base}/oauth/userinfo`, {
      headers: {authorization: `Bearer ${first.body.access_token}`},
    });
    expect(info.status).to.equal(401);
  });

  it('binds the code to its verifier and redirect URI', async () => {
    const jar = new CookieJar();
    await signInThrough(base, jar, person, app);
    const request = givenAuthorizationUrl(base, app);
    const code = locationOf(
      await browserFetch(jar, request.url),
    ).searchParams.get('code')!;
    const wrong = await exchangeCode(base, app, code, 'x'.repeat(43));
    expect([wrong.status, wrong.body.error]).to.eql([400, 'invalid_grant']);
  });
});
