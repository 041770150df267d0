import {expect} from '@loopback/testlab';
import * as client from 'openid-client';
import {RunningApp} from '../fixtures/app';
import {givenWebApp} from '../fixtures/browser';
import {allowIfAsked} from '../fixtures/consent';
import {
  browserFetch,
  callJson,
  claimsOf,
  CookieJar,
  exchangeCode,
  givenAuthorizationUrl,
  givenClient,
  givenPerson,
  locationOf,
  Person,
  signInThrough,
  TestClient,
} from '../fixtures/oidc';
import {givenConfirmedFactor, MULTI_FACTOR} from '../fixtures/step-up';

const CALLBACK = 'http://localhost:9/callback';
const SINGLE_FACTOR = 'urn:identity-service:acr:single-factor';

/**
 * `acr_values` at the authorization endpoint (DESIGN §8, §9): a person
 * with a second factor gets no code until their browser sign-in used it;
 * the hosted page is told (401 INSUFFICIENT_USER_AUTHENTICATION when it
 * opens the browser sign-in), steps its session up and opens it again.
 */
describe('OpenID Provider: acr_values and second factors (acceptance)', () => {
  let running: RunningApp;
  let base: string;
  let spa: TestClient;

  before(async () => {
    running = await givenWebApp();
    base = running.config.baseUrl;
    const owner = await givenPerson(base);
    const {clientId} = await givenClient(base, owner, {
      redirectUris: [CALLBACK],
    });
    spa = {clientId, redirectUri: CALLBACK};
  });
  after(() => running?.app.stop());

  /** The page's password sign-in, then its second step with a code. */
  async function pageSignIn(jar: CookieJar, person: Person, code: string) {
    const first = await callJson(base, 'POST', '/auth/login', {
      body: {login: person.email, password: person.password},
      jar,
    });
    expect(first.status).to.equal(403);
    const {mfaToken} = (first.body.error as {details: {mfaToken: string}})
      .details;
    const second = await callJson(base, 'POST', '/auth/mfa', {
      body: {mfaToken, method: 'recovery_code', code},
      jar,
    });
    expect(second.status).to.equal(200);
    return second.body.access_token as string;
  }

  function openBrowserSignIn(
    jar: CookieJar,
    token: string,
    interaction?: string,
  ) {
    return callJson(base, 'POST', '/oauth/browser-session', {
      body: interaction ? {interaction} : {},
      token,
      jar,
      origin: base,
    });
  }

  it('openid-client asking multi-factor gets an ID token with that acr after the second step', async () => {
    const person = await givenPerson(base);
    const codes = await givenConfirmedFactor(running.app, person.id);
    const config = await client.discovery(
      new URL(base),
      spa.clientId,
      undefined,
      client.None(),
      {execute: [client.allowInsecureRequests]},
    );
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      acr_values: MULTI_FACTOR,
    });
    const jar = new CookieJar();
    const page = locationOf(await browserFetch(jar, url.href));
    const interaction = page.searchParams.get('interaction')!;
    const described = await callJson(
      base,
      'GET',
      `/oauth/interactions/${interaction}`,
    );
    expect(described.body.acrValues).to.eql([MULTI_FACTOR]);

    const token = await pageSignIn(jar, person, codes[0]!);
    const opened = await openBrowserSignIn(jar, token, interaction);
    expect(opened.status).to.equal(200);
    const resumed = await browserFetch(jar, opened.body.continue as string);
    const callback = locationOf(await allowIfAsked(base, jar, resumed));
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      idTokenExpected: true,
    });
    expect(tokens.claims()).to.containDeep({
      sub: person.id,
      acr: MULTI_FACTOR,
      amr: ['pwd', 'otp', 'mfa'],
    });
    expect(claimsOf(tokens.access_token).acr).to.equal(MULTI_FACTOR);
  });

  it('a browser sign-in from before the factor was enrolled gets no code until the page steps up', async () => {
    const person = await givenPerson(base);
    const jar = new CookieJar();
    const login = await callJson(base, 'POST', '/auth/login', {
      body: {login: person.email, password: person.password},
      jar,
    });
    const pageToken = login.body.access_token as string;
    expect((await openBrowserSignIn(jar, pageToken)).status).to.equal(200);
    const codes = await givenConfirmedFactor(running.app, person.id);

    const silent = givenAuthorizationUrl(base, spa, {prompt: 'none'});
    const none = locationOf(await browserFetch(jar, silent.url));
    expect(none.searchParams.get('error')).to.equal('login_required');

    const request = givenAuthorizationUrl(base, spa);
    const page = locationOf(await browserFetch(jar, request.url));
    expect(page.href).to.startWith(`${base}/?interaction=`);
    const interaction = page.searchParams.get('interaction')!;
    const refused = await openBrowserSignIn(jar, pageToken, interaction);
    expect(refused.status).to.equal(401);
    expect((refused.body.error as {code: string}).code).to.equal(
      'INSUFFICIENT_USER_AUTHENTICATION',
    );
    expect(refused.response.headers.get('www-authenticate')).to.equal(
      'Bearer error="insufficient_user_authentication", ' +
        'error_description="Confirm it is you with your second factor first.", ' +
        `acr_values="${MULTI_FACTOR}"`,
    );
    expect((refused.body.error as {details: object}).details).to.eql({
      acrValues: [MULTI_FACTOR],
    });

    const stepped = await callJson(base, 'POST', '/auth/step-up', {
      body: {method: 'recovery_code', code: codes[0]},
      token: pageToken,
    });
    expect(stepped.status).to.equal(200);
    const opened = await openBrowserSignIn(
      jar,
      stepped.body.access_token as string,
      interaction,
    );
    expect(opened.status).to.equal(200);
    const resumed = await browserFetch(jar, opened.body.continue as string);
    const callback = locationOf(await allowIfAsked(base, jar, resumed));
    const code = callback.searchParams.get('code')!;
    const tokens = await exchangeCode(base, spa, code, request.verifier);
    expect(tokens.status).to.equal(200);
    expect(claimsOf(tokens.body.id_token as string)).to.containDeep({
      acr: MULTI_FACTOR,
      amr: ['pwd', 'otp', 'mfa'],
    });
  });

  it('a person without a factor gets the acr they have, and the ID token tells', async () => {
    const person = await givenPerson(base);
    const {tokens} = await signInThrough(base, new CookieJar(), person, spa, {
      acr_values: MULTI_FACTOR,
    });
    expect(claimsOf(tokens.id_token as string).acr).to.equal(SINGLE_FACTOR);
  });
});
