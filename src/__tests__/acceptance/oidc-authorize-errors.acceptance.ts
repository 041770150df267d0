import {expect} from '@loopback/testlab';
import {RunningApp} from '../fixtures/app';
import {givenWebApp} from '../fixtures/browser';
import {authorizeRequests} from '../fixtures/authorize-requests';
import {
  browserFetch,
  CookieJar,
  givenClient,
  givenPerson,
  locationOf,
} from '../fixtures/oidc';

// The authorization endpoint's refusals: before the client and its redirect
// URI are trusted, an HTML page with a stable code and never a redirect;
// after, the RFC 6749 §4.1.2.1 error at the redirect URI with state and iss.
describe('OpenID Provider: authorization request errors (acceptance)', () => {
  const CALLBACK = 'http://localhost:9/callback';
  let running: RunningApp;
  let base: string;
  let clientId: string;

  before(async () => {
    running = await givenWebApp();
    base = running.config.baseUrl;
    const owner = await givenPerson(base);
    ({clientId} = await givenClient(base, owner, {redirectUris: [CALLBACK]}));
  });
  after(() => running?.app.stop());

  const {query, authorize, expectPage, expectRedirectError} = authorizeRequests(
    () => ({base, clientId, callback: CALLBACK}),
  );

  describe('a page, never a redirect, while the client is in doubt', () => {
    it('refuses a missing client_id', async () => {
      await expectPage(
        await authorize(query({client_id: undefined})),
        'INVALID_REQUEST',
      );
    });

    it('refuses an unknown client, __proto__ and constructor included', async () => {
      for (const id of ['no-such-client', '__proto__', 'constructor']) {
        await expectPage(
          await authorize(query({client_id: id})),
          'INVALID_CLIENT',
        );
      }
    });

    it('refuses a missing or unregistered redirect_uri', async () => {
      await expectPage(
        await authorize(query({redirect_uri: undefined})),
        'INVALID_REQUEST',
      );
      await expectPage(
        await authorize(query({redirect_uri: 'https://evil.example/callback'})),
        'INVALID_REDIRECT_URI',
      );
    });

    it('refuses a registered redirect_uri with anything added', async () => {
      for (const uri of [
        `${CALLBACK}?next=https://evil.example`,
        `${CALLBACK}#fragment`,
        `${CALLBACK}/`,
        `${CALLBACK}/../evil`,
        CALLBACK.toUpperCase(),
      ]) {
        await expectPage(
          await authorize(query({redirect_uri: uri})),
          'INVALID_REDIRECT_URI',
        );
      }
    });

    it('refuses control characters anywhere in the request', async () => {
      await expectPage(
        await authorize(query({redirect_uri: `${CALLBACK}\n`})),
        'INVALID_CHARACTERS',
      );
      await expectPage(
        await authorize(query({state: 'a\u0000b'})),
        'INVALID_CHARACTERS',
      );
    });

    it('refuses a repeated client_id or redirect_uri', async () => {
      await expectPage(
        await authorize(`${query()}&client_id=${clientId}`),
        'INVALID_REQUEST',
      );
      await expectPage(
        await authorize(
          `${query()}&redirect_uri=https%3A%2F%2Fevil.example%2F`,
        ),
        'INVALID_REQUEST',
      );
    });

    it('shows the same page for a form post', async () => {
      const response = await fetch(`${base}/oauth/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: {'content-type': 'application/x-www-form-urlencoded'},
        body: query({client_id: 'no-such-client'}),
      });
      await expectPage(response, 'INVALID_CLIENT');
    });

    it('refuses an unknown interaction at the resume', async () => {
      await expectPage(
        await browserFetch(
          new CookieJar(),
          `${base}/oauth/authorize/resume?interaction=nope`,
        ),
        'INVALID_STATE',
      );
    });
  });

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
