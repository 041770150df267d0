import {Client, expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {Page, Route} from 'playwright-core';
import {watchCspViolations, givenPageSuite} from '../fixtures/browser';
import {givenSession, givenUser} from '../fixtures/oauth';
import {approveAt} from '../fixtures/passport-driver';
import {
  BASE_URL,
  givenFlowWorld,
  startLink,
  WEB_REDIRECT,
} from '../fixtures/provider-flows';

// The link confirmation page (a link flow returning to another browser) in
// Chromium, under the CSP the service sends with it: styled by its one
// hashed stylesheet, and its form may post and follow the redirect.
describe('link confirmation page under its CSP (browser)', function () {
  const web = givenPageSuite({
    start: givenFlowWorld,
    origin: () => BASE_URL,
    stop: world => world.stop(),
    pagePerTest: false,
  });

  it('renders styled and links, with no CSP violation', async () => {
    const user = await givenUser(web.server.app);
    const {access_token: token} = await givenSession(web.server.app, user.id);
    web.server.facebook.signInAs({id: randomUUID(), name: 'Other Browser'});
    const flow = await startLink(web.server.client, 'facebook-login', token);
    const callback = await approveAt(flow.url);

    const context = await web.browser.newContext();
    try {
      const page = await context.newPage();
      const violations = await watchCspViolations(page);
      await serveThroughTheApp(page, web.server.client);
      const response = await page.goto(callback);
      expect(response?.headers()['content-security-policy']).to.match(
        /style-src 'sha256-/,
      );
      const link = page.getByRole('button', {name: 'Link'});
      // The hashed stylesheet applied: the primary button is blue.
      expect(
        await page.evaluate<string>(
          "getComputedStyle(document.querySelector('button.primary')).backgroundColor",
        ),
      ).to.equal('rgb(31, 95, 209)');

      await link.click();
      // The callback URL carries a code too: wait for the redirect URI.
      await page.waitForURL(
        url => url.pathname === '/' && url.searchParams.has('code'),
      );
      expect(page.url()).to.startWith(`${WEB_REDIRECT}?code=`);
      expect(violations).to.eql([]);
    } finally {
      await context.close();
    }
  });
});

/**
 * The browser talks to BASE_URL; each request is answered by the app in
 * memory (the flow world does not listen there). The client's redirect URI
 * with its code gets a stub, as the client application would answer it.
 */
async function serveThroughTheApp(page: Page, client: Client) {
  await page.route(`${BASE_URL}/**`, async (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    if (url.pathname === '/' && url.searchParams.has('code')) {
      return route.fulfill({contentType: 'text/plain', body: 'the client'});
    }
    const path = url.pathname + url.search;
    const res =
      request.method() === 'POST'
        ? await client
            .post(path)
            .type('form')
            .send(request.postData() ?? '')
        : await client.get(path);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    return route.fulfill({status: res.status, headers, body: res.text});
  });
}
