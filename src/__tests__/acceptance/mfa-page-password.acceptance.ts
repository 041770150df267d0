import {expect} from '@loopback/testlab';
import {IdentityBindings} from '../../keys';
import {UserRepository} from '../../repositories';
import {screenshot, givenAppPageSuite} from '../fixtures/browser';
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
  const clock = new OffsetClock();
  const web = givenAppPageSuite(() => givenLocalhostWebApp(clock));

  /** An account without a password, signed in on the page as a provider would. */
  async function givenProviderOnlyAccountOnPage(): Promise<string> {
    const users = await web.server.app.getRepository(UserRepository);
    const email = givenMfaEmail();
    const user = await users.create({email, emailVerified: true});
    const sessions = await web.server.app.get(IdentityBindings.SESSION_SERVICE);
    const tokens = await sessions.start(user.id, {
      applicationId: 'web',
      authMethod: 'demo',
    });
    await web.page.addInitScript(
      `if (!sessionStorage.getItem('identity.refresh-token'))
        sessionStorage.setItem('identity.refresh-token', ${JSON.stringify(tokens.refresh_token)});`,
    );
    await web.page.goto(`${web.origin}/#account`);
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
    return email;
  }

  it('offers an account made through a provider "Set a password", and sets one', async () => {
    const email = await givenProviderOnlyAccountOnPage();
    const card = web.page.getByRole('region', {name: 'Set a password'});
    await card.waitFor();
    expect(
      await web.page.locator('#password-current').isVisible(),
    ).to.be.false();
    await expectSaneLayout(web.page);
    await screenshot(web.page, 'mfa-set-password-desktop');

    await card.getByLabel('New password').fill(NEW_PASSWORD);
    await card.getByRole('button', {name: 'Set password'}).click();
    await expectNotice(web.page, 'Your password is set');
    await web.page.getByRole('heading', {name: 'Change password'}).waitFor();
    expect(
      await web.page.locator('#password-current').isVisible(),
    ).to.be.true();
    await web.server.client
      .post('/auth/login')
      .send({login: email, password: NEW_PASSWORD})
      .expect(200);
  });

  it('asks "Confirm it\'s you" with the password when the sign-in is old, then changes it', async () => {
    const email = await givenPageAccount(web.server);
    await passwordOnPage(web.page, web.origin, email);
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
    clock.advance(6 * 60_000);

    const card = web.page.getByRole('region', {name: 'Change password'});
    await card.getByLabel('Current password').fill(MFA_PAGE_PASSWORD);
    await card.getByLabel('New password').fill(NEW_PASSWORD);
    await card.getByRole('button', {name: 'Change password'}).click();

    const dialog = web.page.getByRole('dialog', {name: "Confirm it's you"});
    await dialog.waitFor();
    await dialog.getByLabel('Your password').fill('not the password');
    await dialog.getByRole('button', {name: 'Confirm'}).click();
    await dialog.getByText('That password is not right').waitFor();
    await dialog.getByLabel('Your password').fill(MFA_PAGE_PASSWORD);
    await dialog.getByRole('button', {name: 'Confirm'}).click();
    await expectNotice(web.page, 'Your password is changed');
    expect(await dialog.isVisible()).to.be.false();
    await web.server.client
      .post('/auth/login')
      .send({login: email, password: NEW_PASSWORD})
      .expect(200);
  });
});
