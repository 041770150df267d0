import {expect} from '@loopback/testlab';
import {createHash} from 'node:crypto';
import {createRemoteJWKSet, decodeProtectedHeader, jwtVerify} from 'jose';
import * as oauth from 'oauth4webapi';
import {
  CookieJar,
  browserFetch,
  locationOf,
  Person,
  signInOnHostedPage,
} from '../fixtures/oidc';
import {
  givenStandardClientScene,
  SPA_CALLBACK,
  StandardClientScene,
} from '../fixtures/oidc-scenes';

// Unmodified oauth4webapi 3, knowing only the issuer URL and a client id,
// discovers the service and signs a person in through the hosted page.
describe('OpenID Provider: discovery and sign-in with oauth4webapi (acceptance)', () => {
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

  it('publishes discovery metadata whose issuer is BASE_URL exactly', async () => {
    const issuer = new URL(base);
    const as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, {
        [oauth.allowInsecureRequests]: true,
      }),
    );
    expect(as).to.containDeep({
      issuer: base,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/auth/token`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      userinfo_endpoint: `${base}/oauth/userinfo`,
      end_session_endpoint: `${base}/oauth/end-session`,
      revocation_endpoint: `${base}/auth/revoke`,
      introspection_endpoint: `${base}/auth/introspect`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: [
        'client_secret_basic',
        'client_secret_post',
        'none',
      ],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      authorization_response_iss_parameter_supported: true,
    });
    const rfc8414 = await fetch(
      `${base}/.well-known/oauth-authorization-server`,
    );
    expect(await rfc8414.json()).to.eql(as);
    expect(rfc8414.headers.get('access-control-allow-origin')).to.equal('*');
    const resource = await oauth.processResourceDiscoveryResponse(
      issuer,
      await oauth.resourceDiscoveryRequest(issuer, {
        [oauth.allowInsecureRequests]: true,
      }),
    );
    expect(resource.authorization_servers).to.eql([base]);
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
});

/** OpenID Connect Core §3.1.3.6, computed apart from the service. */
function atHash(accessToken: string, alg: string): string {
  const hash = alg === 'EdDSA' ? 'sha512' : `sha${alg.slice(2)}`;
  const digest = createHash(hash).update(accessToken).digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
