import {expect} from '@loopback/testlab';
import * as client from 'openid-client';
import {
  CookieJar,
  browserFetch,
  givenClient,
  givenPerson,
  locationOf,
  Person,
  signInOnHostedPage,
} from '../fixtures/oidc';
import {
  givenStandardClientScene,
  SPA_CALLBACK,
  StandardClientScene,
} from '../fixtures/oidc-scenes';

// Unmodified openid-client 6, knowing only the issuer URL and a client id
// (and secret), signs a person in through the hosted page (driven the way
// the page drives the API, with a cookie jar for the browser).
describe('OpenID Provider: sign-in with openid-client (acceptance)', () => {
  const CALLBACK = SPA_CALLBACK;
  let scene: StandardClientScene;
  let base: string;
  let person: Person;
  let spaId: string;

  before(async () => {
    scene = await givenStandardClientScene();
    ({base, person, spaId} = scene);
  });
  after(() => scene?.running.app.stop());

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
