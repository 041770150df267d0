import {expect} from '@loopback/testlab';
import {isConsentPage, openConsentPage, postConsent} from '../fixtures/consent';
import {Authorized, givenConsentWorld} from '../fixtures/consent-world';
import {
  ADMIN,
  callJson,
  claimsOf,
  CookieJar,
  givenClient,
  givenPerson,
  locationOf,
  markFirstParty,
} from '../fixtures/oidc';

// A third-party application asks; the person answers on the consent page
// once, and the answer is remembered.
describe('OpenID Provider: consent for third-party applications (acceptance)', () => {
  const world = givenConsentWorld();

  /** Answers the consent page the browser was sent to. */
  async function answer(
    jar: CookieJar,
    at: Authorized,
    decision: 'allow' | 'deny',
  ): Promise<URL> {
    expect(isConsentPage(world.base, at.location)).to.be.true();
    const page = await openConsentPage(jar, at.location);
    const response = await postConsent(world.base, jar, {
      interaction: page.interaction,
      consent_token: page.token,
      decision,
    });
    expect(response.status).to.equal(303);
    return locationOf(response);
  }

  function expectAtClient(location: URL, at: Authorized): void {
    expect(location.origin + location.pathname).to.equal(world.app.redirectUri);
    expect(location.searchParams.get('state')).to.equal(at.request.state);
    expect(location.searchParams.get('iss')).to.equal(world.base);
  }

  it('asks once, naming the application, its host and each scope in plain words; Allow continues with a code', async () => {
    const {jar, person} = await world.givenSignedInBrowser();
    const asked = await world.authorize(jar, {scope: 'openid profile email'});
    expect(isConsentPage(world.base, asked.location)).to.be.true();
    expect(asked.location.searchParams.has('code')).to.be.false();

    const page = await openConsentPage(jar, asked.location);
    expect(page.status).to.equal(200);
    expect(page.html).to.containEql('Allow Photo album?');
    expect(page.html).to.containEql('<code>localhost:9</code>');
    expect(page.html).to.containEql('has not proved that address is theirs');
    for (const words of [
      'Know which account here is yours',
      'Sign you in with your account here',
      'See your name and username',
      'See your email address and whether it is verified',
    ]) {
      expect(page.html).to.containEql(words);
    }
    expect(page.html).to.containEql(person.email);
    expect(page.headers.get('content-security-policy')).to.containEql(
      "frame-ancestors 'none'",
    );
    expect(page.headers.get('cache-control')).to.equal('no-store');
    // Showing it again changes nothing: the same question, still open.
    expect((await openConsentPage(jar, asked.location)).token).to.equal(
      page.token,
    );

    const callback = await answer(jar, asked, 'allow');
    expectAtClient(callback, asked);
    const tokens = await world.tokensAt({...asked, location: callback});
    expect(tokens.scope).to.equal('openid profile email');
    expect(claimsOf(tokens.id_token as string).sub).to.equal(person.id);

    // Remembered: the next authorization is one redirect, with a code.
    const again = await world.authorize(jar, {scope: 'openid profile email'});
    expectAtClient(again.location, again);
    await world.tokensAt(again);
  });

  it('asks again for prompt=consent, and for what a request adds; a narrower one is one redirect', async () => {
    const {jar, person} = await world.givenSignedInBrowser();
    const first = await world.authorize(jar, {scope: 'openid profile'});
    await answer(jar, first, 'allow');

    const narrower = await world.authorize(jar, {scope: 'openid'});
    expectAtClient(narrower.location, narrower);
    expect(narrower.location.searchParams.has('code')).to.be.true();

    const forced = await world.authorize(jar, {
      scope: 'openid',
      prompt: 'consent',
    });
    expect(isConsentPage(world.base, forced.location)).to.be.true();
    expectAtClient(await answer(jar, forced, 'allow'), forced);

    const wider = await world.authorize(jar, {scope: 'openid email'});
    expect(isConsentPage(world.base, wider.location)).to.be.true();
    const page = await openConsentPage(jar, wider.location);
    expect(page.html).to.containEql('See your email address');
    const callback = await answer(jar, wider, 'allow');
    expect(
      (await world.tokensAt({...wider, location: callback})).scope,
    ).to.equal('openid email');

    // Each answer adds to the consent: all three are remembered.
    const listed = await callJson(world.base, 'GET', '/users/me/consents', {
      token: await world.webToken(person),
    });
    expect(listed.body).to.have.length(1);
    const [consent] = listed.body as unknown as {scopes: string[]}[];
    expect([...consent!.scopes].sort()).to.eql(['email', 'openid', 'profile']);
    const all = await world.authorize(jar, {scope: 'openid profile email'});
    expectAtClient(all.location, all);
  });

  it('sends access_denied to the redirect URI with state and iss on Deny, and remembers nothing', async () => {
    const {jar, person} = await world.givenSignedInBrowser();
    const asked = await world.authorize(jar, {scope: 'openid email'});
    const callback = await answer(jar, asked, 'deny');
    expectAtClient(callback, asked);
    expect(callback.searchParams.get('error')).to.equal('access_denied');
    expect(callback.searchParams.has('code')).to.be.false();

    const listed = await callJson(world.base, 'GET', '/users/me/consents', {
      token: await world.webToken(person),
    });
    expect(listed.body).to.eql([]);
    const again = await world.authorize(jar, {scope: 'openid email'});
    expect(isConsentPage(world.base, again.location)).to.be.true();
  });

  it('answers consent_required to prompt=none until the person has allowed the request', async () => {
    const {jar} = await world.givenSignedInBrowser();
    const silent = await world.authorize(jar, {prompt: 'none'});
    expectAtClient(silent.location, silent);
    expect(silent.location.searchParams.get('error')).to.equal(
      'consent_required',
    );

    await answer(jar, await world.authorize(jar), 'allow');
    const allowed = await world.authorize(jar, {prompt: 'none'});
    expectAtClient(allowed.location, allowed);
    expect(allowed.location.searchParams.has('code')).to.be.true();
  });

  it('never asks a first-party application, not even with prompt=consent', async () => {
    const {jar} = await world.givenSignedInBrowser();
    const owner = await givenPerson(world.base);
    const redirectUri = 'http://localhost:9/own/cb';
    const {clientId} = await givenClient(world.base, owner, {
      redirectUris: [redirectUri],
    });
    await markFirstParty(world.base, clientId);
    const own = {clientId, redirectUri};
    for (const prompt of ['consent', 'none']) {
      const at = await world.authorize(jar, {prompt}, own);
      expect(at.location.origin + at.location.pathname).to.equal(redirectUri);
      expect(at.location.searchParams.has('code')).to.be.true();
    }
    const web = {clientId: 'web', redirectUri: `${world.base}/`};
    const page = await world.authorize(jar, {prompt: 'consent'}, web);
    expect(page.location.searchParams.has('code')).to.be.true();
  });

  it('says so when the owner proved the address the application returns to', async () => {
    const {jar} = await world.givenSignedInBrowser();
    const owner = await givenPerson(world.base);
    const redirectUri = 'http://localhost:9/proved/cb';
    const {clientId} = await givenClient(world.base, owner, {
      name: 'Proved app',
      redirectUris: [redirectUri],
    });
    const admin = await callJson(world.base, 'POST', '/auth/login', {
      body: {login: ADMIN.email, password: ADMIN.password},
    });
    const origin = 'http://localhost:9';
    const approved = await callJson(
      world.base,
      'PATCH',
      `/applications/${clientId}`,
      {
        token: admin.body.access_token as string,
        body: {allowedOrigins: [origin], verifiedOrigins: [origin]},
      },
    );
    expect(approved.status).to.equal(200);
    const at = await world.authorize(jar, {}, {clientId, redirectUri});
    const page = await openConsentPage(jar, at.location);
    expect(page.html).to.containEql(
      '<code>localhost:9</code>, an address its owner has proved is theirs.',
    );
    expect(page.html).to.not.containEql('has not proved');
  });
});
