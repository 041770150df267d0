import {expect} from '@loopback/testlab';
import * as client from 'openid-client';
import {Browser, BrowserContext, Page} from 'playwright-core';
import {RunningApp} from '../fixtures/app';
import {
  DESKTOP,
  givenBrowser,
  givenWebApp,
  requireChromium,
  screenshot,
  watchPage,
} from '../fixtures/browser';
import {givenClient, givenPerson, Person} from '../fixtures/oidc';
import {givenRelyingParty, RelyingParty} from '../fixtures/relying-party';

// A third-party application on another origin: Chromium signs in on the
// hosted page, the service asks for consent once on its own page, and the
// person takes it back from the account page.
describe('web page: consent to a third-party application (browser)', function () {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let rp: RelyingParty;

  before(
    /** @this Mocha.Context */ async function () {
      requireChromium(this);
      running = await givenWebApp();
      base = running.config.baseUrl;
      rp = await givenRelyingParty();
      const owner = await givenPerson(base);
      const {clientId} = await givenClient(base, owner, {
        name: 'Photo album',
        redirectUris: [rp.redirectUri],
      });
      await rp.use(base, clientId);
      browser = await givenBrowser();
    },
  );
  after(async () => {
    await browser?.close();
    await rp?.stop();
    await running?.app.stop();
  });
  beforeEach(async () => {
    context = await browser.newContext({viewport: DESKTOP});
    page = await context.newPage();
  });
  afterEach(() => context?.close());

  /** The application sends the browser to the service; the person signs in. */
  async function signInAtApplication(person: Person): Promise<void> {
    await page.goto(`${rp.origin}/login`);
    const form = page.locator('#view-sign-in');
    await form.getByLabel('Email or username').fill(person.email);
    await form.getByLabel('Password').fill(person.password);
    await form.getByRole('button', {name: 'Sign in', exact: true}).click();
  }

  const consentHeading = () =>
    page.getByRole('heading', {name: 'Allow Photo album?'});
  const backAtApplication = () =>
    page.getByRole('heading', {name: 'Back at the application'});

  it('asks once on the service page, then signs the application in with one redirect', async () => {
    const person = await givenPerson(base);
    const problems = watchPage(page, base);
    await signInAtApplication(person);
    await consentHeading().waitFor();
    expect(page.url()).to.startWith(`${base}/oauth/consent?`);
    await page.getByText('See your email address').waitFor();
    await page.getByText(person.email).waitFor();
    await screenshot(page, 'consent-desktop');

    await page.getByRole('button', {name: 'Allow'}).click();
    await page.waitForURL(`${rp.origin}/callback?**`);
    await backAtApplication().waitFor();
    const tokens = await client.authorizationCodeGrant(
      rp.config!,
      rp.callbacks.at(-1)!,
      {
        pkceCodeVerifier: rp.last!.verifier,
        expectedState: rp.last!.state,
        expectedNonce: rp.last!.nonce,
        idTokenExpected: true,
      },
    );
    expect(tokens.claims()).to.containDeep({
      sub: person.id,
      email: person.email,
    });
    // The page's CSP let the form post and its redirect to the application.
    expect(problems.consoleErrors).to.eql([]);

    // Remembered: straight back, no question.
    const seen: string[] = [];
    page.on('framenavigated', frame => seen.push(frame.url()));
    await page.goto(`${rp.origin}/login`);
    await backAtApplication().waitFor();
    expect(seen.filter(url => url.includes('/oauth/consent'))).to.eql([]);
  });

  it('lists the application on the account page, revokes it, and the application asks again', async () => {
    const person = await givenPerson(base);
    await signInAtApplication(person);
    await consentHeading().waitFor();
    await page.getByRole('button', {name: 'Allow'}).click();
    await backAtApplication().waitFor();

    await page.goto(`${base}/`);
    await page.getByRole('heading', {name: 'Your account'}).waitFor();
    const section = page.getByRole('region', {
      name: 'Applications you allowed',
    });
    const row = section.locator('li.row').filter({hasText: 'Photo album'});
    await row.getByText('See your name and username').waitFor();
    await screenshot(page, 'consents-desktop');
    await row
      .getByRole('button', {name: "Revoke Photo album's access"})
      .click();
    await section.getByText('You have not allowed any application.').waitFor();
    expect(await section.locator('li.row').count()).to.equal(0);

    // The browser is still signed in; the application must ask again.
    await page.goto(`${rp.origin}/login`);
    await consentHeading().waitFor();
  });
});
