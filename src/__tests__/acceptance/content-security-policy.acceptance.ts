import {expect} from '@loopback/testlab';
import {
  screenshot,
  watchCspViolations,
  watchPage,
  givenAppPageSuite,
} from '../fixtures/browser';

// The page and the API explorer run under the CSP the service sends (not
// one a test injects), and the browser reports no violation of it.
describe('Content-Security-Policy in Chromium (browser)', function () {
  const web = givenAppPageSuite();
  let violations: string[];
  beforeEach(async () => {
    violations = await watchCspViolations(web.page);
  });

  it('serves the page with its strict CSP, under which it signs up, out and in', async () => {
    const problems = watchPage(web.page, web.origin);
    const response = await web.page.goto(`${web.origin}/`);
    expect(response?.headers()['content-security-policy']).to.equal(PAGE_CSP);
    await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();

    const email = `csp-${process.pid}-${Date.now()}@example.com`;
    await web.page.getByRole('link', {name: 'Create an account'}).click();
    const signUp = web.page.locator('#view-sign-up');
    await signUp.getByLabel('Email').fill(email);
    await signUp.getByLabel('Password').fill(PASSWORD);
    await signUp.getByRole('button', {name: 'Create account'}).click();
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
    await web.page.getByRole('button', {name: 'Sign out', exact: true}).click();

    const signIn = web.page.locator('#view-sign-in');
    await signIn.getByLabel('Email or username').fill(email);
    await signIn.getByLabel('Password').fill(PASSWORD);
    await signIn.getByRole('button', {name: 'Sign in', exact: true}).click();
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
    await web.page.locator('#session-list > li').first().waitFor();

    expect(violations).to.eql([]);
    expect(problems).to.eql({externalRequests: [], consoleErrors: []});
  });

  it('runs the API explorer under its CSP: the document loads and "Try it out" calls the API', async () => {
    const problems = watchPage(web.page, web.origin);
    const response = await web.page.goto(`${web.origin}/explorer/`);
    expect(response?.headers()['content-security-policy']).to.equal(
      EXPLORER_CSP,
    );
    const health = web.page.locator('.opblock-get:has([data-path="/health"])');
    await health.locator('.opblock-summary').click();
    await health.getByRole('button', {name: 'Try it out'}).click();
    await health.getByRole('button', {name: 'Execute'}).click();
    await health
      .locator('.live-responses-table .response-col_status', {
        hasText: '200',
      })
      .first()
      .waitFor();
    await screenshot(web.page, 'explorer-desktop');

    expect(violations).to.eql([]);
    expect(problems).to.eql({externalRequests: [], consoleErrors: []});
  });
});

const PASSWORD = 'correct horse battery staple';

const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
].join(';');

// The QR code of an authenticator app's set-up is a data: image, as are
// swagger-ui's icons.
const EXPLORER_CSP = PAGE_CSP;
