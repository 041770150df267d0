import {expect} from '@loopback/testlab';
import {createRemoteJWKSet, decodeProtectedHeader, jwtVerify} from 'jose';
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

// An application's `idTokenSignedResponseAlg` (OpenID Connect Dynamic
// Client Registration's `id_token_signed_response_alg`) decides how its ID
// tokens are signed; unmodified openid-client, told the same, accepts them.
describe('OpenID Provider: ID token algorithm per application (acceptance)', () => {
  const CALLBACK = 'http://localhost:9/callback';
  let running: RunningApp;
  let base: string;
  let owner: Person;
  let person: Person;

  before(async () => {
    running = await givenWebApp();
    base = running.config.baseUrl;
    owner = await givenPerson(base);
    person = await givenPerson(base);
  });
  after(() => running?.app.stop());

  async function idTokenFor(
    clientId: string,
    metadata: Partial<client.ClientMetadata>,
  ): Promise<string> {
    const config = await client.discovery(
      new URL(base),
      clientId,
      metadata,
      client.None(),
      {execute: [client.allowInsecureRequests]},
    );
    const verifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
    });
    const jar = new CookieJar();
    const page = locationOf(await browserFetch(jar, url.href));
    const callback = locationOf(
      await signInOnHostedPage(base, jar, page, person),
    );
    const tokens = await client.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      idTokenExpected: true,
    });
    expect(tokens.claims()).to.containDeep({sub: person.id, aud: clientId});
    return tokens.id_token!;
  }

  it('signs with the application’s chosen algorithm, published in the JWKS', async () => {
    const {clientId} = await givenClient(base, owner, {
      redirectUris: [CALLBACK],
      idTokenSignedResponseAlg: 'ES256',
    });
    const idToken = await idTokenFor(clientId, {
      id_token_signed_response_alg: 'ES256',
    });
    expect(decodeProtectedHeader(idToken).alg).to.equal('ES256');
    const jwks = createRemoteJWKSet(new URL(`${base}/.well-known/jwks.json`));
    const {payload} = await jwtVerify(idToken, jwks, {
      issuer: base,
      audience: clientId,
      algorithms: ['ES256'],
    });
    expect(payload.sub).to.equal(person.id);
  });

  it('signs with TOKEN_SIGNING_ALG otherwise, and discovery lists it first', async () => {
    const {clientId} = await givenClient(base, owner, {
      redirectUris: [CALLBACK],
    });
    const idToken = await idTokenFor(clientId, {});
    expect(decodeProtectedHeader(idToken).alg).to.equal('RS256');
    const metadata = (await (
      await fetch(`${base}/.well-known/openid-configuration`)
    ).json()) as Record<string, unknown>;
    expect(metadata.id_token_signing_alg_values_supported).to.eql([
      'RS256',
      'ES256',
      'EdDSA',
    ]);
  });
});
