import {expect} from '@loopback/testlab';
import * as client from 'openid-client';
import {RunningApp} from '../fixtures/app';
import {givenWebApp} from '../fixtures/browser';
import {ManualClock} from '../fixtures/manual-clock';
import {
  ADMIN_ENV,
  browserFetch,
  callJson,
  claimsOf,
  CookieJar,
  givenAuthorizationUrl,
  givenPerson,
  locationOf,
  markFirstParty,
  Person,
  signInOnHostedPage,
  signInThrough,
  TestClient,
} from '../fixtures/oidc';
import {givenTestClient} from '../fixtures/oidc-clients';

// The service's own browser sign-in: SSO across applications, prompt and
// max_age, and who may open or end it.
describe('OpenID Provider: the browser sign-in (acceptance)', () => {
  const clock = new ManualClock(Date.now());
  let running: RunningApp;
  let base: string;
  let person: Person;
  let appA: TestClient;
  let appB: TestClient;

  before(async () => {
    running = await givenWebApp(ADMIN_ENV, {clock});
    base = running.config.baseUrl;
    const owner = await givenPerson(base);
    person = await givenPerson(base);
    appA = await givenTestClient(base, owner, 'http://localhost:9/a');
    appB = await givenTestClient(base, owner, 'http://localhost:9/b');
  });
  after(() => running?.app.stop());

  it('signs a second application in with one redirect (prompt=none): no password, same sid', async () => {
    const owner = await givenPerson(base);
    const first = await givenTestClient(base, owner, 'http://localhost:9/f1');
    const second = await givenTestClient(base, owner, 'http://localhost:9/f2');
    await markFirstParty(base, first.clientId);
    await markFirstParty(base, second.clientId);
    const jar = new CookieJar();
    const signedIn = await signInThrough(base, jar, person, first);
    expect(signedIn.viaPage).to.be.true();

    const config = await client.discovery(
      new URL(base),
      second.clientId,
      undefined,
      client.None(),
      {execute: [client.allowInsecureRequests]},
    );
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: second.redirectUri,
      scope: 'openid profile',
      prompt: 'none',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    // One request, straight back to the second application with a code.
    const callback = locationOf(await browserFetch(jar, url.href));
    expect(callback.origin + callback.pathname).to.equal(second.redirectUri);
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      idTokenExpected: true,
    });
    const a = claimsOf(signedIn.tokens.id_token as string);
    const b = tokens.claims()!;
    expect(b.sub).to.equal(person.id);
    expect(b.sid).to.equal(a.sid);
    expect(b.auth_time).to.equal(a.auth_time);
    expect(b.aud).to.equal(second.clientId);
    // A first-party client gets a refresh token without offline_access.
    expect(tokens.refresh_token).to.be.a.String();
  });

  it('signs a third-party application in with one redirect too, but never silently beyond its consent (consent_required)', async () => {
    const jar = new CookieJar();
    await signInThrough(base, jar, person, appA);
    const again = await signInThrough(base, jar, person, appB);
    expect(again.viaPage).to.be.false();
    // The person allowed appB `openid` (signInThrough answers the consent
    // page); more than that cannot be asked silently.
    const none = givenAuthorizationUrl(base, appB, {
      prompt: 'none',
      scope: 'openid email',
    });
    const refused = locationOf(await browserFetch(jar, none.url));
    expect(refused.searchParams.get('error')).to.equal('consent_required');
    expect(refused.searchParams.get('iss')).to.equal(base);
  });

  it('asks again for prompt=login: the old sign-in cannot answer it, a new one can', async () => {
    const jar = new CookieJar();
    const first = await signInThrough(base, jar, person, appA);
    const oldLogin = await callJson(base, 'POST', '/auth/login', {
      body: {login: person.email, password: person.password},
    });
    clock.advance(5_000);

    const request = givenAuthorizationUrl(base, appA, {prompt: 'login'});
    const page = locationOf(await browserFetch(jar, request.url));
    const interaction = page.searchParams.get('interaction')!;
    const described = await callJson(
      base,
      'GET',
      `/oauth/interactions/${interaction}`,
    );
    expect(described.body.freshSignIn).to.be.true();
    // A token from before the request does not count as signing in again.
    const stale = await callJson(base, 'POST', '/oauth/browser-session', {
      body: {interaction},
      token: oldLogin.body.access_token as string,
      jar,
      origin: base,
    });
    expect(stale.status).to.equal(403);
    expect((stale.body.error as {code: string}).code).to.equal(
      'FRESH_SIGN_IN_REQUIRED',
    );

    const callback = locationOf(
      await signInOnHostedPage(base, jar, page, person),
    );
    expect(callback.searchParams.get('state')).to.equal(request.state);
    const code = callback.searchParams.get('code')!;
    const res = await fetch(`${base}/auth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        client_id: appA.clientId,
        redirect_uri: appA.redirectUri,
        code_verifier: request.verifier,
      }),
    });
    const idToken = claimsOf(
      ((await res.json()) as {id_token: string}).id_token,
    );
    const before = claimsOf(first.tokens.id_token as string);
    expect(idToken.auth_time as number).to.be.above(before.auth_time as number);
    expect(idToken.sid).not.to.equal(before.sid);
  });

  it('honours max_age: an older sign-in asks again, or answers login_required to prompt=none', async () => {
    const jar = new CookieJar();
    await signInThrough(base, jar, person, appA);
    clock.advance(120_000);

    const recent = await signInThrough(base, jar, person, appA, {
      max_age: '600',
    });
    expect(recent.viaPage).to.be.false();

    const none = givenAuthorizationUrl(base, appA, {
      prompt: 'none',
      max_age: '60',
    });
    const refused = locationOf(await browserFetch(jar, none.url));
    expect(refused.searchParams.get('error')).to.equal('login_required');
    expect(refused.searchParams.get('state')).to.equal(none.state);

    const fresh = await signInThrough(base, jar, person, appA, {max_age: '60'});
    expect(fresh.viaPage).to.be.true();
    const claims = claimsOf(fresh.tokens.id_token as string);
    expect(claims.auth_time).to.equal(Math.floor(clock.now() / 1000));
  });
});
