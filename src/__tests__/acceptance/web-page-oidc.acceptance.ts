import {expect} from '@loopback/testlab';
import * as client from 'openid-client';
import {Browser, BrowserContext, Page, Request} from 'playwright-core';
import {RunningApp} from '../fixtures/app';
import {
  DESKTOP,
  givenBrowser,
  givenWebApp,
  requireChromium,
  screenshot,
  watchPage,
} from '../fixtures/browser';
import {fakeTokens, givenFakeApi} from '../fixtures/fake-api';
import {givenClient, givenPerson, Person} from '../fixtures/oidc';
import {givenRelyingParty, RelyingParty} from '../fixtures/relying-party';
import {ConsentRepository} from '../../repositories';

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
      // The person allowed Photo album before: the consent page has its
      // own browser suite (web-page-consent).
      const consents = await running.app.getRepository(ConsentRepository);
      await consents.create({
        userId: person.id,
        applicationId: clientId,
        scopes: ['openid', 'profile', 'email'],
      });
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
    await form.getByRole('button', {name: 'Sign in', exact: true}).click();
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

  it("ends the applications' sign-in when the person signs out of the page", async () => {
    await page.goto(`${rp.origin}/login`);
    const form = page.locator('#view-sign-in');
    await form.getByLabel('Email or username').fill(person.email);
    await form.getByLabel('Password').fill(person.password);
    await form.getByRole('button', {name: 'Sign in', exact: true}).click();
    await page.waitForURL(`${rp.origin}/callback?**`);

    // Back on the page in the same tab: still signed in there; sign out.
    await page.goto(`${base}/`);
    await page.getByRole('heading', {name: 'Your account'}).waitFor();
    await page.getByRole('button', {name: 'Sign out', exact: true}).click();
    await page.getByRole('heading', {name: 'Sign in'}).waitFor();

    // The application's next sign-in needs the page again.
    await page.goto(`${rp.origin}/login`);
    await page.getByRole('heading', {name: 'Sign in'}).waitFor();
    expect(new URL(page.url()).origin).to.equal(base);
  });

  it('continues to the application after a provider sign-in, the interaction kept across the round trip', async () => {
    const startDemo = (request: Request) => {
      const state = new URL(request.url()).searchParams.get('state');
      return {body: {url: `${base}/?code=the-code&state=${state}`}};
    };
    const api = await givenFakeApi(page, base, {
      'GET /auth/providers': {
        body: [{name: 'demo', provider: 'demo', login: true, link: true}],
      },
      'GET /oauth/interactions/int-1': {
        body: {clientId: 'c1', clientName: 'Photo album', freshSignIn: false},
      },
      'GET /auth/demo': startDemo,
      'POST /auth/token': {body: fakeTokens('s1')},
      'POST /oauth/browser-session': {
        body: {continue: `${rp.origin}/callback?from=page`},
      },
    });
    await page.goto(`${base}/?interaction=int-1`);
    await page
      .locator('#sign-in-for')
      .filter({hasText: 'Photo album'})
      .waitFor();
    await page.getByRole('button', {name: 'Continue with Demo'}).click();
    await page.waitForURL(`${rp.origin}/callback?from=page`);
    const opened = api.calls.find(
      c => new URL(c.url()).pathname === '/oauth/browser-session',
    )!;
    expect(JSON.parse(opened.postData() ?? '{}')).to.eql({
      interaction: 'int-1',
    });
    expect(opened.headers().authorization).to.match(/^Bearer /);
  });
});
