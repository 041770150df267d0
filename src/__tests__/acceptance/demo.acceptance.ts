import {expect} from '@loopback/testlab';
import {Browser, BrowserContext, Page} from 'playwright-core';
import {
  DESKTOP,
  givenBrowser,
  PHONE,
  requireChromium,
  screenshot,
  watchCspViolations,
} from '../fixtures/browser';
import {
  accountView,
  allowAtFacebook,
  DemoWorld,
  expectNotice,
  givenDemoEmail,
  givenRunningDemo,
  signInAtDemo,
} from '../fixtures/demo';

const PASSWORD = 'correct horse battery staple';

// `npm run demo` clicked through in Chromium: the page, the service and the
// two local providers, each on its own port, as a person would use them.
describe('npm run demo (browser)', function () {
  let world: DemoWorld;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin: string;

  before(
    /** @this Mocha.Context */ async function () {
      requireChromium(this);
      world = await givenRunningDemo();
      origin = world.demo.baseUrl;
      browser = await givenBrowser();
    },
  );
  after(async () => {
    await browser?.close();
    await world?.stop();
  });
  beforeEach(async () => {
    context = await browser.newContext({viewport: DESKTOP});
    page = await context.newPage();
  });
  afterEach(() => context?.close());

  it('serves the page at a localhost origin and lists both providers by name', async () => {
    expect(origin).to.match(/^http:\/\/localhost:\d+$/);
    await page.goto(`${origin}/`);
    const buttons = page.locator('#provider-list button');
    await buttons.first().waitFor();
    expect(await buttons.allTextContents()).to.eql([
      'Continue with Demo',
      'Continue with Facebook (demo)',
    ]);
    await screenshot(page, 'demo-sign-in');
  });

  it('signs up, signs out, signs in with the password, signs out another device and everywhere', async () => {
    const email = givenDemoEmail('ada');
    await page.goto(`${origin}/#sign-up`);
    const signUp = page.locator('#view-sign-up');
    await signUp.getByLabel('Email').fill(email);
    await signUp.getByLabel('Password').fill(PASSWORD);
    await signUp.getByRole('button', {name: 'Create account'}).click();
    await accountView(page);
    await page.getByRole('button', {name: 'Sign out', exact: true}).click();

    const signIn = page.locator('#view-sign-in');
    await signIn.getByLabel('Email or username').fill(email);
    await signIn.getByLabel('Password').fill(PASSWORD);
    await signIn.getByRole('button', {name: 'Sign in', exact: true}).click();
    await accountView(page);

    const phone = await world.client
      .post('/auth/login')
      .set('User-Agent', 'Mozilla/5.0 (iPhone) Safari/604.1')
      .send({login: email, password: PASSWORD})
      .expect(200);
    await page.reload();
    const otherRow = page.locator('#session-list > li', {hasText: 'iPhone'});
    await otherRow.waitFor();
    await screenshot(page, 'demo-sessions');
    await otherRow.getByRole('button', {name: /^Sign out/}).click();
    await expectNotice(page, 'is signed out');
    await world.client
      .get('/users/me')
      .set('Authorization', `Bearer ${phone.body.access_token}`)
      .expect(401);

    const laptop = await world.client
      .post('/auth/login')
      .send({login: email, password: PASSWORD})
      .expect(200);
    await page.getByRole('button', {name: 'Sign out everywhere'}).click();
    await page.getByRole('heading', {name: 'Sign in'}).waitFor();
    await expectNotice(page, 'signed out on every device');
    const refused = await world.client
      .post('/auth/token')
      .type('form')
      .send({
        grant_type: 'refresh_token',
        refresh_token: laptop.body.refresh_token,
        client_id: 'web',
      })
      .expect(400);
    expect(refused.body.error).to.equal('invalid_grant');
  });

  it('continues with Demo, links Facebook (demo), signs in with it to the same account, unlinks Demo', async () => {
    const login = givenDemoEmail('olive');
    const facebook = {name: 'Fay Book', email: givenDemoEmail('fay')};
    const violations = await watchCspViolations(page);
    await page.goto(`${origin}/`);
    await page.getByRole('button', {name: 'Continue with Demo'}).click();
    await page.getByRole('heading', {name: 'Sign-in'}).waitFor();
    await screenshot(page, 'demo-oidc-login');
    await signInAtDemo(page, login);
    const account = await accountView(page);
    expect(page.url()).to.equal(`${origin}/`);
    expect(await page.inputValue('#profile-email')).to.equal(login);
    await account.locator('#identity-list', {hasText: 'Demo'}).waitFor();
    // Made through a provider: "Set a password", not a form asking for a
    // current password it never had.
    await page.getByRole('region', {name: 'Set a password'}).waitFor();
    expect(await page.locator('#password-current').isVisible()).to.be.false();

    await page.getByRole('button', {name: 'Link Facebook (demo)'}).click();
    await page.getByRole('heading', {name: 'Facebook (demo)'}).waitFor();
    await screenshot(page, 'demo-facebook-dialog');
    await allowAtFacebook(page, facebook);
    await accountView(page);
    await expectNotice(page, 'Facebook (demo) is now linked to your account.');
    const rows = page.locator('#identity-list > li');
    await rows.nth(1).waitFor();
    expect(await rows.locator('strong').allTextContents()).to.eql([
      'Demo',
      'Facebook (demo)',
    ]);
    await screenshot(page, 'demo-linked');

    await page.getByRole('button', {name: 'Sign out', exact: true}).click();
    await page
      .getByRole('button', {name: 'Continue with Facebook (demo)'})
      .click();
    await allowAtFacebook(page, facebook);
    await accountView(page);
    expect(await page.inputValue('#profile-email')).to.equal(login);

    await page.getByRole('button', {name: 'Unlink Demo'}).click();
    await expectNotice(page, 'Demo is no longer linked.');
    await page.getByRole('button', {name: 'Link Demo'}).waitFor();
    expect(await rows.locator('strong').allTextContents()).to.eql([
      'Facebook (demo)',
    ]);
    await page.setViewportSize(PHONE);
    await screenshot(page, 'demo-unlinked-360');
    // The page and the Facebook demo's dialog ran under their CSPs.
    expect(violations).to.eql([]);
  });

  it('explains ACCOUNT_EXISTS when a provider shares the email of an existing account', async () => {
    const email = givenDemoEmail('taken');
    await world.client
      .post('/users')
      .send({email, password: PASSWORD})
      .expect(201);
    await page.goto(`${origin}/`);
    await page
      .getByRole('button', {name: 'Continue with Facebook (demo)'})
      .click();
    await allowAtFacebook(page, {name: 'Tay Ken', email});
    await expectNotice(
      page,
      'Sign in with it first, then link Facebook (demo) from your account page.',
    );
    expect(page.url()).to.equal(`${origin}/`);
    await screenshot(page, 'demo-account-exists');
  });

  it('explains IDENTITY_ALREADY_LINKED when linking an account another user signs in with', async () => {
    const facebook = {name: 'Zed', email: givenDemoEmail('zed')};
    await page.goto(`${origin}/`);
    await page
      .getByRole('button', {name: 'Continue with Facebook (demo)'})
      .click();
    await allowAtFacebook(page, facebook);
    await accountView(page);
    await page.getByRole('button', {name: 'Sign out', exact: true}).click();

    await page.getByRole('button', {name: 'Continue with Demo'}).click();
    await signInAtDemo(page, givenDemoEmail('yan'));
    await accountView(page);
    await page.getByRole('button', {name: 'Link Facebook (demo)'}).click();
    await allowAtFacebook(page, facebook);
    await accountView(page);
    await expectNotice(page, 'is already linked to a different user here');
    await screenshot(page, 'demo-identity-already-linked');
  });

  it('says the sign-in was cancelled when the person presses Deny', async () => {
    await page.goto(`${origin}/`);
    await page
      .getByRole('button', {name: 'Continue with Facebook (demo)'})
      .click();
    await page.locator('#name').fill('Dee Nied');
    await page.getByRole('button', {name: 'Deny'}).click();
    await expectNotice(page, 'cancelled at the other service');
    await page.getByRole('heading', {name: 'Sign in'}).waitFor();
  });
});
