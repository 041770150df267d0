import {expect} from '@loopback/testlab';
import {
  DESKTOP,
  screenshot,
  watchPage,
  givenAppPageSuite,
} from '../fixtures/browser';
import {
  expectNotice,
  expectSaneLayout,
  givenAccountWithFactor,
  givenLocalhostWebApp,
  passwordOnPage,
} from '../fixtures/mfa-page';

/** The phone width the issue names. */
const PHONE_390 = {width: 390, height: 844};

// The second step of a sign-in on the page: an account with a second
// factor signs in with its password, then a code (here a recovery code:
// the account's authenticator app is made in the repository).
describe('Second step of a sign-in on the page (browser)', function () {
  const web = givenAppPageSuite(() => givenLocalhostWebApp());

  for (const [label, viewport] of [
    ['390', PHONE_390],
    ['desktop', DESKTOP],
  ] as const) {
    it(`asks for the authenticator code, offers a recovery code, and signs in with one (${label})`, async () => {
      await web.page.setViewportSize(viewport);
      const problems = watchPage(web.page, web.origin);
      const {email, codes} = await givenAccountWithFactor(web.server);
      await passwordOnPage(web.page, web.origin, email);

      const step = web.page.locator('#view-mfa');
      await step
        .getByRole('heading', {name: 'Two-step verification'})
        .waitFor();
      await step
        .getByLabel('Enter the 6-digit code from your authenticator app')
        .waitFor();
      // No passkey on this account: that choice is not offered.
      expect(
        await step.getByRole('button', {name: 'Use a passkey'}).isVisible(),
      ).to.be.false();
      await expectSaneLayout(web.page);
      await screenshot(web.page, `mfa-second-step-${label}`);

      await step.getByRole('button', {name: 'Use a recovery code'}).click();
      const code = step.getByLabel('Enter one of your recovery codes');
      await code.waitFor();
      await expectSaneLayout(web.page);
      await code.fill(codes[0]!);
      await step.getByRole('button', {name: 'Continue'}).click();
      await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
      await expectSaneLayout(web.page);
      expect(problems).to.eql({externalRequests: [], consoleErrors: []});
    });
  }

  it('tells a wrong code, a spent sign-in and a locked second step in words', async () => {
    const {email, codes} = await givenAccountWithFactor(web.server);
    await passwordOnPage(web.page, web.origin, email);
    const step = web.page.locator('#view-mfa');
    await step.getByRole('button', {name: 'Use a recovery code'}).click();
    const code = step.getByLabel('Enter one of your recovery codes');
    for (let i = 0; i < 5; i++) {
      await code.fill(`AAAA-BBBB-CCC${i}`);
      await step.getByRole('button', {name: 'Continue'}).click();
      await expectNotice(web.page, 'That recovery code is not right');
      await web.page.evaluate(
        "document.getElementById('notice').hidden = true",
      );
    }
    // Five wrong proofs end this sign-in: the page starts over.
    await code.fill(codes[0]!);
    await step.getByRole('button', {name: 'Continue'}).click();
    await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();
    await expectNotice(web.page, 'Please start again with your password');

    // And the second step of the account is locked for a while.
    await passwordOnPage(web.page, web.origin, email);
    await step.getByRole('button', {name: 'Use a recovery code'}).click();
    await code.fill(codes[0]!);
    await step.getByRole('button', {name: 'Continue'}).click();
    await expectNotice(web.page, 'Too many attempts. Please wait');
    expect(await step.isVisible()).to.be.true();
  });

  it('starts over when the person cancels the second step', async () => {
    const {email} = await givenAccountWithFactor(web.server);
    await passwordOnPage(web.page, web.origin, email);
    await web.page.getByRole('link', {name: 'Cancel and start over'}).click();
    await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();
    // Going back does not bring the abandoned second step back.
    await web.page.goto(`${web.origin}/#mfa`);
    await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();
  });

  it('offers "Sign in with a passkey" only where the browser has passkeys', async () => {
    await web.page.goto(`${web.origin}/#sign-in`);
    const button = web.page.getByRole('button', {
      name: 'Sign in with a passkey',
    });
    await button.waitFor();
    await expectSaneLayout(web.page);

    const without = await web.context.newPage();
    await without.addInitScript('delete window.PublicKeyCredential;');
    await without.goto(`${web.origin}/#sign-in`);
    await without.getByRole('heading', {name: 'Sign in'}).waitFor();
    await without.locator('#loading').waitFor({state: 'hidden'});
    expect(
      await without
        .getByRole('button', {name: 'Sign in with a passkey'})
        .isVisible(),
    ).to.be.false();
  });
});
