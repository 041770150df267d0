import {expect} from '@loopback/testlab';
import * as client from 'openid-client';
import {RunningApp} from '../fixtures/app';
import {givenWebApp} from '../fixtures/browser';
import {
  browserFetch,
  CookieJar,
  givenAuthorizationUrl,
  givenPerson,
  locationOf,
  Person,
  signInThrough,
  TestClient,
} from '../fixtures/oidc';
import {givenTestClient} from '../fixtures/oidc-clients';

// RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): ends the
// browser sign-in and the sessions opened through it; the browser returns
// to the client only at a registered URI.
describe('OpenID Provider: RP-initiated logout (acceptance)', () => {
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
    appA = await givenTestClient(base, owner, 'http://localhost:9/a', {
      redirectUris: ['http://localhost:9/a', 'http://localhost:9/a-signed-in'],
      postLogoutRedirectUris: ['http://localhost:9/a'],
    });
    appB = await givenTestClient(base, owner, 'http://localhost:9/b', {
      postLogoutRedirectUris: ['http://localhost:9/b'],
    });
  });
  after(() => running?.app.stop());

  async function configOf(app: TestClient): Promise<client.Configuration> {
    return client.discovery(
      new URL(base),
      app.clientId,
      undefined,
      client.None(),
      {
        execute: [client.allowInsecureRequests],
      },
    );
  }

  async function expectSignedOut(jar: CookieJar): Promise<void> {
    const none = givenAuthorizationUrl(base, appB, {prompt: 'none'});
    const answer = locationOf(await browserFetch(jar, none.url));
    expect(answer.searchParams.get('error')).to.equal('login_required');
  }

  it('ends SSO and the sessions opened through it, then returns to the registered URI with state', async () => {
    const jar = new CookieJar();
    const a = await signInThrough(base, jar, person, appA, {
      scope: 'openid offline_access',
    });
    const b = await signInThrough(base, jar, person, appB, {
      scope: 'openid offline_access',
    });
    expect(b.viaPage).to.be.false();

    const url = client.buildEndSessionUrl(await configOf(appA), {
      id_token_hint: a.tokens.id_token as string,
      post_logout_redirect_uri: appA.redirectUri,
      state: 'bye',
    });
    const back = locationOf(await browserFetch(jar, url.href));
    expect(back.href).to.equal(`${appA.redirectUri}?state=bye`);
    await expectSignedOut(jar);

    // Both applications' sessions ended with it: refresh tokens and access tokens.
    for (const [app, tokens] of [
      [appA, a.tokens],
      [appB, b.tokens],
    ] as const) {
      const refresh = await fetch(`${base}/auth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: tokens.refresh_token as string,
          client_id: app.clientId,
        }),
      });
      expect(refresh.status).to.equal(400);
      const info = await fetch(`${base}/oauth/userinfo`, {
        headers: {authorization: `Bearer ${tokens.access_token}`},
      });
      expect(info.status).to.equal(401);
    }
  });

  it('never follows an unregistered post_logout_redirect_uri: a signed-out page instead', async () => {
    for (const uri of [
      'https://evil.example/',
      `${appA.redirectUri}?next=https://evil.example`,
      appB.redirectUri, // registered, but for another client
      'http://localhost:9/a-signed-in', // a sign-in redirect URI, not a post-logout one
    ]) {
      const jar = new CookieJar();
      const a = await signInThrough(base, jar, person, appA);
      const url = client.buildEndSessionUrl(await configOf(appA), {
        id_token_hint: a.tokens.id_token as string,
        post_logout_redirect_uri: uri,
      });
      const res = await browserFetch(jar, url.href);
      expect(res.status).to.equal(200);
      expect(res.headers.get('location')).to.be.null();
      expect(await res.text()).to.containEql('You are signed out');
      await expectSignedOut(jar);
    }
  });

  /** The confirmation page's one-time token, asserting the page. */
  async function confirmationOf(response: Response): Promise<string> {
    expect(response.status).to.equal(200);
    expect(response.headers.get('location')).to.be.null();
    const html = await response.text();
    expect(html).to.containEql(
      '<form method="post" action="/oauth/end-session">',
    );
    return /name="logout_confirmation" value="([^"]+)"/.exec(html)![1]!;
  }

  function postConfirmation(jar: CookieJar, token: string) {
    return browserFetch(jar, `${base}/oauth/end-session`, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded'},
      body: new URLSearchParams({logout_confirmation: token}).toString(),
    });
  }

  it('asks the person to confirm a logout no ID token vouches for, then ends it', async () => {
    const jar = new CookieJar();
    await signInThrough(base, jar, person, appA);
    const asked = await browserFetch(
      jar,
      `${base}/oauth/end-session?client_id=${appA.clientId}&post_logout_redirect_uri=${encodeURIComponent(appA.redirectUri)}&state=s1`,
    );
    // The browser returns to the application after the form's post.
    expect(asked.headers.get('content-security-policy')).to.match(
      /form-action 'self' http:\/\/localhost:9;/,
    );
    const token = await confirmationOf(asked);
    // Nothing ended by the link alone.
    expect(
      (await signInThrough(base, jar, person, appB)).viaPage,
    ).to.be.false();

    // Another browser cannot use the confirmation.
    const stranger = await postConfirmation(new CookieJar(), token);
    expect(stranger.headers.get('x-error-code')).to.equal('INVALID_STATE');
    const again = await browserFetch(
      jar,
      `${base}/oauth/end-session?client_id=${appA.clientId}&post_logout_redirect_uri=${encodeURIComponent(appA.redirectUri)}&state=s2`,
    );
    const confirmed = await postConfirmation(jar, await confirmationOf(again));
    expect(confirmed.status).to.equal(303);
    expect(confirmed.headers.get('location')).to.equal(
      `${appA.redirectUri}?state=s2`,
    );
    await expectSignedOut(jar);
    const replay = await postConfirmation(jar, token);
    expect(replay.status).to.equal(400);
  });

  it('follows no URI without a client to check it against', async () => {
    const jar = new CookieJar();
    await signInThrough(base, jar, person, appA);
    const asked = await browserFetch(
      jar,
      `${base}/oauth/end-session?post_logout_redirect_uri=${encodeURIComponent(appA.redirectUri)}`,
    );
    const res = await postConfirmation(jar, await confirmationOf(asked));
    expect(res.status).to.equal(200);
    expect(res.headers.get('location')).to.be.null();
    expect(await res.text()).to.containEql('You are signed out');
    await expectSignedOut(jar);
  });

  it('refuses a hint it did not issue, or one issued to another client', async () => {
    const jar = new CookieJar();
    const a = await signInThrough(base, jar, person, appA);
    const forged = `${(a.tokens.id_token as string).slice(0, -4)}AAAA`;
    for (const query of [
      `id_token_hint=${forged}`,
      `id_token_hint=${a.tokens.access_token}`,
      `id_token_hint=${a.tokens.id_token}&client_id=${appB.clientId}`,
    ]) {
      const res = await browserFetch(jar, `${base}/oauth/end-session?${query}`);
      expect(res.status).to.equal(400);
      expect(res.headers.get('x-error-code')).to.equal('INVALID_REQUEST');
    }
    // Nothing ended on a refused request.
    const again = await signInThrough(base, jar, person, appB);
    expect(again.viaPage).to.be.false();
  });

  it("keeps the browser's sign-in of another person than the hint's", async () => {
    const other = await givenPerson(base);
    const jar = new CookieJar();
    const old = await signInThrough(base, new CookieJar(), other, appA);
    await signInThrough(base, jar, person, appA);
    const res = await browserFetch(
      jar,
      `${base}/oauth/end-session?id_token_hint=${old.tokens.id_token}`,
    );
    expect(res.status).to.equal(200);
    const again = await signInThrough(base, jar, person, appB);
    expect(again.viaPage).to.be.false();
  });
});
