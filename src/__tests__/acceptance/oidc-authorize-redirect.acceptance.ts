import {expect} from '@loopback/testlab';
import {
  AuthorizeScene,
  authorizeFromNewBrowser,
  authorizeQuery,
  expectRedirectError as expectRedirectErrorIn,
  givenAuthorizeScene,
} from '../fixtures/oidc-authorize-requests';
import {locationOf} from '../fixtures/oidc';

// The authorization endpoint once the client and its redirect URI are
// trusted: the RFC 6749 §4.1.2.1 error at the redirect URI with state and
// iss, or, for a well-formed request, the hosted sign-in.
describe('OpenID Provider: authorization requests of a trusted client (acceptance)', () => {
  let scene: AuthorizeScene;
  let base: string;
  let clientId: string;

  before(async () => {
    scene = await givenAuthorizeScene();
    ({base, clientId} = scene);
  });
  after(() => scene?.running.app.stop());

  const query = (overrides: Record<string, string | undefined> = {}) =>
    authorizeQuery(scene, overrides);
  const authorize = (rawQuery: string) =>
    authorizeFromNewBrowser(scene, rawQuery);
  const expectRedirectError = (
    response: Response,
    error: string,
    state?: string | null,
  ) => expectRedirectErrorIn(scene, response, error, state);

  describe('an error at the redirect URI once the client is trusted', () => {
    it('answers a missing or unsupported response_type', async () => {
      expectRedirectError(
        await authorize(query({response_type: undefined})),
        'invalid_request',
      );
      for (const type of ['token', 'code id_token', '__proto__']) {
        expectRedirectError(
          await authorize(query({response_type: type})),
          'unsupported_response_type',
        );
      }
    });

    it('requires PKCE with S256 for every client', async () => {
      expectRedirectError(
        await authorize(query({code_challenge: undefined})),
        'invalid_request',
      );
      expectRedirectError(
        await authorize(query({code_challenge_method: 'plain'})),
        'invalid_request',
      );
      expectRedirectError(
        await authorize(query({code_challenge: 'short'})),
        'invalid_request',
      );
    });

    it('answers invalid_scope for a scope it does not know', async () => {
      for (const scope of ['openid admin', '__proto__', 'openid constructor']) {
        expectRedirectError(await authorize(query({scope})), 'invalid_scope');
      }
    });

    it('refuses malformed prompt, max_age and resource', async () => {
      for (const prompt of ['none login', 'constructor', 'select_account']) {
        expectRedirectError(
          await authorize(query({prompt})),
          'invalid_request',
        );
      }
      expectRedirectError(
        await authorize(query({max_age: '-1'})),
        'invalid_request',
      );
      expectRedirectError(
        await authorize(query({resource: 'not a uri'})),
        'invalid_target',
      );
      expectRedirectError(
        await authorize(query({response_mode: 'fragment'})),
        'invalid_request',
      );
    });

    it('refuses request objects and registration', async () => {
      expectRedirectError(
        await authorize(query({request: 'eyJ.x.y'})),
        'request_not_supported',
      );
      expectRedirectError(
        await authorize(query({request_uri: 'https://x.example/r'})),
        'request_uri_not_supported',
      );
      expectRedirectError(
        await authorize(query({registration: '{}'})),
        'registration_not_supported',
      );
    });

    it('refuses repeated parameters, without echoing an ambiguous state', async () => {
      expectRedirectError(
        await authorize(`${query()}&scope=email`),
        'invalid_request',
      );
      expectRedirectError(
        await authorize(`${query()}&state=other`),
        'invalid_request',
        null,
      );
    });

    it('answers login_required to prompt=none without a browser sign-in', async () => {
      expectRedirectError(
        await authorize(query({prompt: 'none'})),
        'login_required',
      );
    });
  });

  describe('a well-formed request without a browser sign-in', () => {
    it('goes to the hosted sign-in, carrying only an interaction id', async () => {
      const page = locationOf(
        await authorize(
          `${query({login_hint: 'ada@example.com'})}&__proto__=x&constructor=y&unknown=z`,
        ),
      );
      expect(page.origin + page.pathname).to.equal(`${base}/`);
      expect([...page.searchParams.keys()]).to.eql(['interaction']);
      const res = await fetch(
        `${base}/oauth/interactions/${page.searchParams.get('interaction')}`,
      );
      expect(await res.json()).to.eql({
        clientId,
        clientName: 'Client app',
        freshSignIn: false,
        loginHint: 'ada@example.com',
      });
    });

    it('takes the request as a form post too (303)', async () => {
      const response = await fetch(`${base}/oauth/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: {'content-type': 'application/x-www-form-urlencoded'},
        body: query(),
      });
      expect(response.status).to.equal(303);
      expect(response.headers.get('location')).to.startWith(
        `${base}/?interaction=`,
      );
    });
  });
});
