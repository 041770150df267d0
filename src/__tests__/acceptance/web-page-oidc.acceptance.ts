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

// A client application on another origin sends Chromium to the service;
// the person signs in on the hosted page with a password and lands back at
// the application with a code that openid-client exchanges.
describe('web page: hosted sign-in for an application (browser)', function () {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let rp: RelyingParty;
  let person: Person;

  before(
    /** @this Mocha.Context */ async function () {
      requireChromium(this);
      running = await givenWebApp();
      base = running.config.baseUrl;
      rp = await givenRelyingParty();
      const owner = await givenPerson(base);
      person = await givenPerson(base);
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

  it('signs in with a password on the hosted page and lands back with a code openid-client exchanges', async () => {
    const problems = watchPage(page, base);
    await page.goto(`${rp.origin}/login`);
    await page.getByRole('heading', {name: 'Sign in'}).waitFor();
    expect(new URL(page.url()).origin).to.equal(base);
    // The interaction id moved out of the address bar into the tab.
    expect(page.url()).to.equal(`${base}/`);
    await page
      .locator('#sign-in-for')
      .filter({hasText: 'Sign in to continue to Photo album.'})
      .waitFor();
    await screenshot(page, 'hosted-sign-in-desktop');

    const form = page.locator('#view-sign-in');
    await form.getByLabel('Email or username').fill(person.email);
    await form.getByLabel('Password').fill(person.password);
    await form.getByRole('button', {name: 'Sign in'}).click();
    await page.waitForURL(`${rp.origin}/callback?**`);
    await page
      .getByRole('heading', {name: 'Back at the application'})
      .waitFor();

    const callback = rp.callbacks.at(-1)!;
    const tokens = await client.authorizationCodeGrant(rp.config!, callback, {
      pkceCodeVerifier: rp.last!.verifier,
      expectedState: rp.last!.state,
      expectedNonce: rp.last!.nonce,
      idTokenExpected: true,
    });
    expect(tokens.claims()).to.containDeep({
      iss: base,
      sub: person.id,
      email: person.email,
      name: 'Ada Lovelace',
    });
    // Only the service's own origin was asked for anything on its pages.
    expect(problems.consoleErrors).to.eql([]);

    // The browser keeps the sign-in: the application's next sign-in is
    // one redirect, without the page.
    await page.goto(`${rp.origin}/login`);
    await page
      .getByRole('heading', {name: 'Back at the application'})
      .waitFor();
    expect(rp.callbacks.at(-1)!.searchParams.get('state')).to.equal(
      rp.last!.state,
    );
  });
});
