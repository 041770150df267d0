import {expect} from '@loopback/testlab';
import {RunningApp} from '../fixtures/app';
import {givenWebApp} from '../fixtures/browser';
import {
  browserFetch,
  callJson,
  claimsOf,
  CookieJar,
  givenAuthorizationUrl,
  givenPerson,
  locationOf,
  Person,
  signInThrough,
  TestClient,
} from '../fixtures/oidc';
import {givenTestClient} from '../fixtures/oidc-clients';

// The browser sign-in as a session: replaced by the next sign-in, listed
// and revoked with the page's sessions, ended by the page's sign-out.
// (Moved out of oidc-browser-sign-in.acceptance.ts to keep files short.)
describe('OpenID Provider: the browser sign-in as a session (acceptance)', () => {
  let running: RunningApp;
  let base: string;
  let person: Person;
  let appA: TestClient;
  let appB: TestClient;

  before(async () => {
    running = await givenWebApp();
    base = running.config.baseUrl;
    const owner = await givenPerson(base);
    person = await givenPerson(base);
    appA = await givenTestClient(base, owner, 'http://localhost:9/a');
    appB = await givenTestClient(base, owner, 'http://localhost:9/b');
  });
  after(() => running?.app.stop());

  it("replaces the browser's previous sign-in, so a planted cookie does not survive (session fixation)", async () => {
    const attacker = await givenPerson(base);
    const jar = new CookieJar();
    await signInThrough(base, jar, attacker, appA);
    const planted = jar.header(`${base}/oauth/authorize`)!;

    const second = await signInThrough(base, jar, person, appA, {
      prompt: 'login',
    });
    expect(claimsOf(second.tokens.id_token as string).sub).to.equal(person.id);
    const withPlanted = await fetch(
      givenAuthorizationUrl(base, appA, {prompt: 'none'}).url,
      {
        redirect: 'manual',
        headers: {cookie: planted},
      },
    );
    expect(locationOf(withPlanted).searchParams.get('error')).to.equal(
      'login_required',
    );
  });

  it('is a session of its own: listed, revocable, and never a refresh token', async () => {
    const jar = new CookieJar();
    const {tokens} = await signInThrough(base, jar, person, appA);
    const cookieValue = jar
      .header(base + '/')!
      .match(/identity-sign-in=([^;]+)/)![1]!;
    const refresh = await fetch(`${base}/auth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: cookieValue,
        client_id: 'web',
      }),
    });
    expect(refresh.status).to.equal(400);
    expect(((await refresh.json()) as {error: string}).error).to.equal(
      'invalid_grant',
    );

    const login = await callJson(base, 'POST', '/auth/login', {
      body: {login: person.email, password: person.password},
    });
    const own = login.body.access_token as string;
    const sid = claimsOf(tokens.id_token as string).sid as string;
    const listed = await callJson(base, 'GET', '/sessions', {token: own});
    expect(
      (listed.body as unknown as {id: string}[]).map(s => s.id),
    ).to.containEql(sid);
    expect(
      (await callJson(base, 'DELETE', `/sessions/${sid}`, {token: own})).status,
    ).to.equal(204);
    const none = givenAuthorizationUrl(base, appB, {prompt: 'none'});
    expect(
      locationOf(await browserFetch(jar, none.url)).searchParams.get('error'),
    ).to.equal('login_required');
  });

  it("ends with the page's sign-out, and the sessions opened through it with it", async () => {
    const jar = new CookieJar();
    const {tokens} = await signInThrough(base, jar, person, appA, {
      scope: 'openid offline_access',
    });
    const crossSite = await callJson(base, 'DELETE', '/oauth/browser-session', {
      jar,
      origin: 'https://evil.example',
    });
    expect(crossSite.status).to.equal(403);
    const ended = await callJson(base, 'DELETE', '/oauth/browser-session', {
      jar,
      origin: base,
    });
    expect(ended.status).to.equal(204);
    expect(jar.has('identity-sign-in')).to.be.false();

    const none = givenAuthorizationUrl(base, appB, {prompt: 'none'});
    expect(
      locationOf(await browserFetch(jar, none.url)).searchParams.get('error'),
    ).to.equal('login_required');
    const refresh = await fetch(`${base}/auth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token as string,
        client_id: appA.clientId,
      }),
    });
    expect(refresh.status).to.equal(400);
  });
});
