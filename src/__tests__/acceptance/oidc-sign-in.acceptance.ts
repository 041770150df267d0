import {expect} from '@loopback/testlab';
import {createHash} from 'node:crypto';
import {createRemoteJWKSet, decodeProtectedHeader, jwtVerify} from 'jose';
import * as oauth from 'oauth4webapi';
import * as client from 'openid-client';
import {RunningApp} from '../fixtures/app';
import {givenWebApp} from '../fixtures/browser';
import {
  CookieJar,
  browserFetch,
  givenClient,
  givenPerson,
  locationOf,
  Person,
  signInOnHostedPage,
} from '../fixtures/oidc';

// Unmodified openid-client 6 and oauth4webapi 3, knowing only the issuer
// URL and a client id, sign a person in through the hosted page (driven the
// way the page drives the API, with a cookie jar for the browser).
describe('OpenID Provider: sign-in with standard clients (acceptance)', () => {
  const CALLBACK = 'http://localhost:9/callback';
  let running: RunningApp;
  let base: string;
  let person: Person;
  let spaId: string;

  before(async () => {
    running = await givenWebApp();
    base = running.config.baseUrl;
    const owner = await givenPerson(base);
    person = await givenPerson(base);
    ({clientId: spaId} = await givenClient(base, owner, {
      redirectUris: [CALLBACK],
    }));
  });
  after(() => running?.app.stop());

  it('signs in with openid-client: PKCE, state, nonce, iss, ID token, userinfo', async () => {
    const config = await client.discovery(
      new URL(base),
      spaId,
      undefined,
      client.None(),
      {execute: [client.allowInsecureRequests]},
    );
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid profile email',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const jar = new CookieJar();
    const page = locationOf(await browserFetch(jar, url.href));
    const callback = locationOf(
      await signInOnHostedPage(base, jar, page, person),
    );
    expect(callback.searchParams.get('iss')).to.equal(base);

    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    expect(tokens.scope).to.equal('openid profile email');
    // A third-party client without offline_access gets no refresh token.
    expect(tokens.refresh_token).to.be.undefined();
    const claims = tokens.claims()!;
    expect(claims).to.containDeep({
      iss: base,
      sub: person.id,
      aud: spaId,
      nonce,
      name: 'Ada Lovelace',
      email: person.email,
      email_verified: false,
      amr: ['pwd'],
      acr: 'urn:identity-service:acr:single-factor',
    });
    expect(claims.sid).to.be.a.String();
    expect(claims.auth_time).to.be.a.Number();

    const info = await client.fetchUserInfo(
      config,
      tokens.access_token,
      person.id,
    );
    expect(info).to.eql({
      sub: person.id,
      name: 'Ada Lovelace',
      updated_at: claims.updated_at,
      email: person.email,
      email_verified: false,
    });
  });

  it('signs in with oauth4webapi and its ID token checks out (signature, at_hash, auth_time)', async () => {
    const issuer = new URL(base);
    const insecure = {[oauth.allowInsecureRequests]: true};
    const as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, insecure),
    );
    const spa: oauth.Client = {client_id: spaId};
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: spaId,
      redirect_uri: CALLBACK,
      response_type: 'code',
      scope: 'openid email offline_access',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      max_age: '300',
    }).toString();
    const jar = new CookieJar();
    const page = locationOf(await browserFetch(jar, url.href));
    const callback = locationOf(
      await signInOnHostedPage(base, jar, page, person),
    );

    const params = oauth.validateAuthResponse(as, spa, callback, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      spa,
      oauth.None(),
      params,
      CALLBACK,
      verifier,
      insecure,
    );
    const result = await oauth.processAuthorizationCodeResponse(
      as,
      spa,
      response,
      {expectedNonce: nonce, maxAge: 300, requireIdToken: true},
    );
    // offline_access: this client gets a refresh token.
    expect(result.refresh_token).to.be.a.String();
    const claims = oauth.getValidatedIdTokenClaims(result)!;
    expect(claims.sub).to.equal(person.id);
    expect(claims.email).to.equal(person.email);
    expect(claims.name).to.be.undefined();

    // oauth4webapi leaves the signature and at_hash of a token endpoint ID
    // token to the caller (TLS vouches for it): both checked here.
    const idToken = result.id_token!;
    const {payload} = await jwtVerify(
      idToken,
      createRemoteJWKSet(new URL(as.jwks_uri!)),
      {issuer: base, audience: spaId},
    );
    const alg = decodeProtectedHeader(idToken).alg!;
    expect(payload.at_hash).to.equal(atHash(result.access_token, alg));

    const info = await oauth.processUserInfoResponse(
      as,
      spa,
      claims.sub,
      await oauth.userInfoRequest(as, spa, result.access_token, insecure),
    );
    expect(info).to.eql({
      sub: person.id,
      email: person.email,
      email_verified: false,
    });
  });

  it('signs a confidential client in with client_secret_basic', async () => {
    const owner = await givenPerson(base);
    const server = await givenClient(base, owner, {
      type: 'confidential',
      redirectUris: ['https://server.example/cb'],
    });
    const config = await client.discovery(
      new URL(base),
      server.clientId,
      server.clientSecret,
      client.ClientSecretBasic(server.clientSecret),
      {execute: [client.allowInsecureRequests]},
    );
    const verifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: 'https://server.example/cb',
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const jar = new CookieJar();
    const page = locationOf(await browserFetch(jar, url.href));
    const callback = locationOf(
      await signInOnHostedPage(base, jar, page, person),
    );
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: client.skipStateCheck,
      idTokenExpected: true,
    });
    expect(tokens.claims()!.sub).to.equal(person.id);
    expect(tokens.claims()!.email).to.be.undefined();
  });
});

/** OpenID Connect Core §3.1.3.6, computed apart from the service. */
function atHash(accessToken: string, alg: string): string {
  const hash = alg === 'EdDSA' ? 'sha512' : `sha${alg.slice(2)}`;
  const digest = createHash(hash).update(accessToken).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
