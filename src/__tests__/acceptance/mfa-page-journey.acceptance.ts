import {expect} from '@loopback/testlab';
import {screenshot, watchPage, givenAppPageSuite} from '../fixtures/browser';
import {
  expectNotice,
  expectSaneLayout,
  givenLocalhostWebApp,
  givenMfaEmail,
  givenVirtualAuthenticator,
  MFA_PAGE_PASSWORD,
  oathtool,
  OffsetClock,
  passwordOnPage,
} from '../fixtures/mfa-page';

const PHONE_390 = {width: 390, height: 844};

// The "done when", clicked through as a new person would: an
// authenticator app (its codes read with Debian's oathtool), recovery
// codes, a passkey (Chromium's virtual authenticator), sign-in with the
// passkey alone, the lost phone (password + recovery code), and removing a
// factor after "Confirm it's you".
describe('Second factors on the page, the whole journey (browser)', function (this: Mocha.Suite) {
  this.timeout(180_000);
  const clock = new OffsetClock();
  const web = givenAppPageSuite(() => givenLocalhostWebApp(clock));

  /** Signs up on the page; the account view is shown. */
  async function signUp(email: string): Promise<void> {
    await web.page.goto(`${web.origin}/#sign-up`);
    const signUpView = web.page.locator('#view-sign-up');
    await signUpView.getByLabel('Email').fill(email);
    await signUpView.getByLabel('Password').fill(MFA_PAGE_PASSWORD);
    await signUpView.getByRole('button', {name: 'Create account'}).click();
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
  }

  /** Sets up the authenticator app; answers the recovery codes shown. */
  async function enrolAuthenticatorApp(): Promise<string[]> {
    const section = web.page.locator('#two-step');
    await section
      .getByRole('button', {name: 'Set up an authenticator app'})
      .click();
    const qr = section.getByRole('img', {name: 'QR code'});
    await qr.waitFor();
    // The image decoded: a data: URL the page's CSP lets through.
    expect(
      await qr.evaluate(
        img => (img as unknown as {naturalWidth: number}).naturalWidth,
      ),
    ).to.be.above(0);
    const secret = (await section.locator('#totp-secret').innerText()).replace(
      /\s+/g,
      '',
    );
    expect(secret).to.match(/^[A-Z2-7]{16,}$/);
    await expectSaneLayout(web.page);
    await screenshot(
      web.page,
      `mfa-totp-setup-${web.page.viewportSize()?.width}`,
    );
    await section
      .getByLabel('Enter the 6-digit code the app now shows')
      .fill(oathtool(secret, clock.now()));
    await section.getByRole('button', {name: 'Turn on'}).click();
    await expectNotice(web.page, 'Two-step verification is on');
    const codes = section.locator('#recovery-code-list li');
    await codes.first().waitFor();
    await expectSaneLayout(web.page);
    await screenshot(
      web.page,
      `mfa-recovery-codes-${web.page.viewportSize()?.width}`,
    );
    return codes.allInnerTexts();
  }

  async function signOut(): Promise<void> {
    await web.page.getByRole('button', {name: 'Sign out', exact: true}).click();
    await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();
  }

  async function expectSessionSaying(words: string): Promise<void> {
    await web.page
      .locator('#session-list > li', {hasText: 'this device'})
      .filter({hasText: `Signed in with ${words}`})
      .waitFor();
  }

  it('enrols an app, adds a passkey, signs in with it alone, gets in with a recovery code, removes a factor', async () => {
    const problems = watchPage(web.page, web.origin);
    await givenVirtualAuthenticator(web.context, web.page);
    const email = givenMfaEmail();
    await signUp(email);

    const codes = await enrolAuthenticatorApp();
    expect(codes).to.have.length(10);
    await web.page.getByRole('button', {name: 'I have saved them'}).click();
    await web.page
      .locator('#recovery-remaining')
      .filter({hasText: '10'})
      .waitFor();

    // Adding a passkey needs the second factor this session has not used.
    await web.page.getByRole('button', {name: 'Add a passkey'}).click();
    const dialog = web.page.getByRole('dialog', {name: "Confirm it's you"});
    await dialog.waitFor();
    await expectSaneLayout(web.page);
    await dialog.getByRole('button', {name: 'Use a recovery code'}).click();
    await dialog.getByLabel('Enter one of your recovery codes').fill(codes[0]!);
    await dialog.getByRole('button', {name: 'Confirm'}).click();
    await expectNotice(web.page, 'Your passkey is added');
    const factors = web.page.locator('#factor-list > li');
    await factors.nth(1).waitFor();
    const listed = (await factors.allInnerTexts()).join('\n');
    expect(listed).to.match(/Authenticator app/);
    expect(listed).to.match(/Passkey \(Chrome on Linux\)/);
    await expectSessionSaying('password + authenticator app');

    await signOut();
    await web.page
      .getByRole('button', {name: 'Sign in with a passkey'})
      .click();
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
    await expectSessionSaying('passkey');

    // The phone is lost: the password and a recovery code.
    await signOut();
    await passwordOnPage(web.page, web.origin, email);
    const step = web.page.locator('#view-mfa');
    await step.getByRole('button', {name: 'Use a recovery code'}).click();
    await step.getByLabel('Enter one of your recovery codes').fill(codes[1]!);
    await step.getByRole('button', {name: 'Continue'}).click();
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
    await web.page
      .locator('#recovery-remaining')
      .filter({hasText: '8'})
      .waitFor();

    // Later (past STEP_UP_MAX_AGE), the app is removed: confirm it's you.
    clock.advance(6 * 60_000);
    const app = factors.filter({hasText: 'Authenticator app'});
    await app.getByRole('button', {name: /^Remove/}).click();
    await app.getByRole('button', {name: 'Yes, remove'}).click();
    await dialog.waitFor();
    await dialog.getByRole('button', {name: 'Use a passkey'}).click();
    await dialog.getByRole('button', {name: 'Use my passkey'}).click();
    await expectNotice(web.page, 'is removed');
    await web.page.waitForFunction(
      "document.querySelectorAll('#factor-list > li').length === 1",
    );
    expect(await factors.innerText()).to.match(/Passkey/);
    expect(problems).to.eql({externalRequests: [], consoleErrors: []});
  });

  it('lays out the set-up, the recovery codes and "Confirm it\'s you" at 390 px', async () => {
    await web.page.setViewportSize(PHONE_390);
    await signUp(givenMfaEmail());
    const codes = await enrolAuthenticatorApp();
    expect(codes).to.have.length(10);
    await web.page.getByRole('button', {name: 'I have saved them'}).click();

    // New codes need the second factor this session has not used.
    await web.page
      .getByRole('button', {name: 'Get new recovery codes'})
      .click();
    const dialog = web.page.getByRole('dialog', {name: "Confirm it's you"});
    await dialog.waitFor();
    await dialog
      .getByLabel('Enter the 6-digit code from your authenticator app')
      .waitFor();
    await expectSaneLayout(web.page);
    await screenshot(web.page, 'mfa-step-up-390');
    await dialog.getByRole('button', {name: 'Cancel'}).click();
    await expectNotice(web.page, 'Nothing was changed');
    expect(await dialog.isVisible()).to.be.false();
  });
});
