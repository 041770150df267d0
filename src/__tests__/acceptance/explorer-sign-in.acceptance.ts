import {expect} from '@loopback/testlab';
import {Browser, BrowserContext, Locator, Page} from 'playwright-core';
import {RunningApp} from '../fixtures/app';
import {
  DESKTOP,
  givenBrowser,
  givenWebApp,
  requireChromium,
  screenshot,
  watchCspViolations,
  watchPage,
} from '../fixtures/browser';
import {givenPerson, Person} from '../fixtures/oidc';

// The API explorer signs in through the service's own OpenID Provider: the
// oauth2 scheme's Authorize opens the hosted sign-in in a popup, which
// lands on swagger-ui's redirect page; the explorer then calls the API
// with the access token, all under the explorer's strict CSP.
describe('API explorer: one-click sign-in (browser)', function () {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let person: Person;

  before(
    /** @this Mocha.Context */ async function () {
      requireChromium(this);
      running = await givenWebApp();
      base = running.config.baseUrl;
      person = await givenPerson(base);
      browser = await givenBrowser();
    },
  );
  after(async () => {
    await browser?.close();
    await running?.app.stop();
  });
  beforeEach(async () => {
    context = await browser.newContext({viewport: DESKTOP});
    page = await context.newPage();
  });
  afterEach(() => context?.close());

  it('signs in with a password in the popup, then "Try it out" on GET /users/me answers 200 with the email', async () => {
    const violations = await watchCspViolations(page);
    const problems = watchPage(page, base);
    await page.goto(`${base}/explorer/`);

    const dialog = await openAuthorizeDialog(page);
    const oauth2 = dialog.locator('.auth-container', {hasText: 'oauth2'});
    // Nothing to type: the client id and the scopes come filled in.
    const clientId = oauth2.locator('#client_id_authorizationCode');
    expect(await clientId.inputValue()).to.equal('explorer');
    expect(await checkedScopes(oauth2)).to.eql(['openid', 'profile', 'email']);
    await screenshot(page, 'explorer-authorize-dialog');

    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      // swagger-ui labels its Authorize button for screen readers so.
      oauth2
        .getByRole('button', {name: 'Apply given OAuth2 credentials'})
        .click(),
    ]);
    const popupViolations: string[] = [];
    popup.on('console', m => {
      if (/Content Security Policy/.test(m.text())) {
        popupViolations.push(m.text());
      }
    });
    await popup.getByRole('heading', {name: 'Sign in'}).waitFor();
    expect(new URL(popup.url()).origin).to.equal(base);
    await popup
      .locator('#sign-in-for')
      .filter({hasText: 'API explorer'})
      .waitFor();
    const form = popup.locator('#view-sign-in');
    await form.getByLabel('Email or username').fill(person.email);
    await form.getByLabel('Password').fill(person.password);
    const landed = popup.waitForRequest(r =>
      r.url().startsWith(`${base}/explorer/oauth2-redirect.html?code=`),
    );
    await form.getByRole('button', {name: 'Sign in'}).click();
    const redirect = new URL((await landed).url());
    expect(redirect.searchParams.get('iss')).to.equal(base);
    // The redirect page hands the code to the explorer and closes itself.
    await popup.waitForEvent('close');

    // Back in the explorer, authorised.
    await oauth2.getByText('Authorized', {exact: true}).waitFor();
    await dialog.locator('button.close-modal').click();

    const me = page.locator('.opblock-get:has([data-path="/users/me"])');
    await me.locator('.opblock-summary').click();
    await me.getByRole('button', {name: 'Try it out'}).click();
    await me.getByRole('button', {name: 'Execute'}).click();
    const answer = me.locator('.live-responses-table .response').first();
    await answer
      .locator('.response-col_status', {hasText: '200'})
      .first()
      .waitFor();
    const body = await answer.locator('.response-col_description').innerText();
    expect(body).to.containEql(person.email);
    // The request carried the explorer's access token, not a password.
    const curl = await me.locator('.curl-command').innerText();
    expect(curl).to.match(/Authorization: Bearer ey/);
    await screenshot(page, 'explorer-signed-in');

    expect(violations).to.eql([]);
    expect(popupViolations).to.eql([]);
    expect(problems).to.eql({externalRequests: [], consoleErrors: []});
  });
});

/** The scopes whose boxes are ticked in a scheme of the Authorize dialog. */
async function checkedScopes(scheme: Locator): Promise<string[]> {
  return scheme
    .locator('.scopes input[type=checkbox]:checked')
    .evaluateAll(boxes => boxes.map(b => b.getAttribute('data-value') ?? ''));
}

/** Opens the Authorize dialog of the explorer's document, once it loaded. */
async function openAuthorizeDialog(page: Page): Promise<Locator> {
  await page.locator('.auth-wrapper .authorize').click();
  const dialog = page.locator('.dialog-ux .modal-ux');
  await dialog.waitFor();
  return dialog;
}
