import {expect} from '@loopback/testlab';
import {Browser, BrowserContext, Page} from 'playwright-core';
import {IdentityBindings} from '../../keys';
import {UserRepository} from '../../repositories';
import {RunningApp} from '../fixtures/app';
import {
  DESKTOP,
  givenBrowser,
  requireChromium,
  screenshot,
} from '../fixtures/browser';
import {
  expectNotice,
  expectSaneLayout,
  givenLocalhostWebApp,
  givenMfaEmail,
  givenPageAccount,
  MFA_PAGE_PASSWORD,
  OffsetClock,
  passwordOnPage,
} from '../fixtures/mfa-page';

const NEW_PASSWORD = 'another horse battery staple';

// Passwords on the account page: "Set a password" for an account made
// through a provider, and "Confirm it's you" with the password when the
// sign-in is older than STEP_UP_MAX_AGE.
describe('Passwords and step-up on the page (browser)', function () {
  let running: RunningApp;
  let clock: OffsetClock;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin: string;

  before(
    /** @this Mocha.Context */ async function () {
      requireChromium(this);
      clock = new OffsetClock();
      running = await givenLocalhostWebApp(clock);
      origin = running.config.baseUrl;
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

  /** An account without a password, signed in on the page as a provider would. */
  async function givenProviderOnlyAccountOnPage(): Promise<string> {
    const users = await running.app.getRepository(UserRepository);
    const email = givenMfaEmail();
    const user = await users.create({email, emailVerified: true});
    const sessions = await running.app.get(IdentityBindings.SESSION_SERVICE);
    const tokens = await sessions.start(user.id, {
      applicationId: 'web',
      authMethod: 'demo',
    });
    await page.addInitScript(
      `if (!sessionStorage.getItem('identity.refresh-token'))
        sessionStorage.setItem('identity.refresh-token', ${JSON.stringify(tokens.refresh_token)});`,
    );
    await page.goto(`${origin}/#account`);
    await page.getByRole('heading', {name: 'Your account'}).waitFor();
    return email;
  }

  it('offers an account made through a provider "Set a password", and sets one', async () => {
    const email = await givenProviderOnlyAccountOnPage();
    const card = page.getByRole('region', {name: 'Set a password'});
    await card.waitFor();
    expect(await page.locator('#password-current').isVisible()).to.be.false();
    await expectSaneLayout(page);
    await screenshot(page, 'mfa-set-password-desktop');

    await card.getByLabel('New password').fill(NEW_PASSWORD);
    await card.getByRole('button', {name: 'Set password'}).click();
    await expectNotice(page, 'Your password is set');
    await page.getByRole('heading', {name: 'Change password'}).waitFor();
    expect(await page.locator('#password-current').isVisible()).to.be.true();
    await running.client
      .post('/auth/login')
      .send({login: email, password: NEW_PASSWORD})
      .expect(200);
  });

  it('asks "Confirm it\'s you" with the password when the sign-in is old, then changes it', async () => {
    const email = await givenPageAccount(running);
    await passwordOnPage(page, origin, email);
    await page.getByRole('heading', {name: 'Your account'}).waitFor();
    clock.advance(6 * 60_000);

    const card = page.getByRole('region', {name: 'Change password'});
    await card.getByLabel('Current password').fill(MFA_PAGE_PASSWORD);
    await card.getByLabel('New password').fill(NEW_PASSWORD);
    await card.getByRole('button', {name: 'Change password'}).click();

    const dialog = page.getByRole('dialog', {name: "Confirm it's you"});
    await dialog.waitFor();
    await dialog.getByLabel('Your password').fill('not the password');
    await dialog.getByRole('button', {name: 'Confirm'}).click();
    await dialog.getByText('That password is not right').waitFor();
    await dialog.getByLabel('Your password').fill(MFA_PAGE_PASSWORD);
    await dialog.getByRole('button', {name: 'Confirm'}).click();
    await expectNotice(page, 'Your password is changed');
    expect(await dialog.isVisible()).to.be.false();
    await running.client
      .post('/auth/login')
      .send({login: email, password: NEW_PASSWORD})
      .expect(200);
  });
});
