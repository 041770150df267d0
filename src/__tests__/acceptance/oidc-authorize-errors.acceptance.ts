import {
  AuthorizeScene,
  authorizeFromNewBrowser,
  authorizeQuery,
  CALLBACK,
  expectErrorPage,
  givenAuthorizeScene,
} from '../fixtures/oidc-authorize-requests';
import {browserFetch, CookieJar} from '../fixtures/oidc';

// The authorization endpoint's refusals before the client and its redirect
// URI are trusted: an HTML page with a stable code and never a redirect.
describe('OpenID Provider: authorization request errors (acceptance)', () => {
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
  const expectPage = expectErrorPage;

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
});
