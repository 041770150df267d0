import {expect} from '@loopback/testlab';
import * as oauth from 'oauth4webapi';
import {RunningApp} from '../fixtures/app';
import {givenWebApp} from '../fixtures/browser';

// Unmodified oauth4webapi reads the discovery documents knowing only the
// issuer URL. (Moved out of oidc-sign-in.acceptance.ts to keep files short.)
describe('OpenID Provider: discovery with a standard client (acceptance)', () => {
  let running: RunningApp;
  let base: string;

  before(async () => {
    running = await givenWebApp();
    base = running.config.baseUrl;
  });
  after(() => running?.app.stop());

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
});
