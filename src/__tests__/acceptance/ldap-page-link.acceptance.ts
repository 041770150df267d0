import {expect} from '@loopback/testlab';
import {
  PasswordCredentialRepository,
  SessionRepository,
  UserRepository,
} from '../../repositories';
import {screenshot, watchPage} from '../fixtures/browser';
import {directoryLogin} from '../fixtures/directory-app';
import {givenDirectoryPerson} from '../fixtures/directory-link';
import {
  DIRECTORY_LABEL,
  directoryOnPage,
  fillDirectoryForm,
  givenDirectoryPageSuite,
} from '../fixtures/directory-page';
import {givenUser} from '../fixtures/guard';
import {
  expectNotice,
  expectSaneLayout,
  OffsetClock,
} from '../fixtures/mfa-page';

const PASSWORD = 'a local password 1234';
const LINK = `Link ${DIRECTORY_LABEL}`;

// The account view's linked accounts offer a directory (LDAP) entry as a
// small username and password form (POST /link/{name}/login); an account
// whose way in is a directory confirms a sensitive change with it.
describe('Linking a directory account on the page (browser)', function () {
  const clock = new OffsetClock();
  const web = givenDirectoryPageSuite({}, clock);

  /** A local account, signed in on the page with its password. */
  async function givenLocalUserOnPage() {
    const user = await givenUser(web.server.app, {password: PASSWORD});
    await web.page.goto(`${web.origin}/#sign-in`);
    const view = web.page.locator('#view-sign-in');
    await view.getByLabel('Email or username').fill(user.email);
    await view.getByLabel('Password', {exact: true}).fill(PASSWORD);
    await view.getByRole('button', {name: 'Sign in', exact: true}).click();
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
    return user;
  }

  it('links the directory account with its password; it then signs in to the same account', async () => {
    const problems = watchPage(web.page, web.origin);
    const user = await givenLocalUserOnPage();
    const someone = givenDirectoryPerson(web.slapd, 'page-link');
    const form = web.page.getByRole('form', {name: LINK, exact: true});
    await form.waitFor();
    await expectSaneLayout(web.page);

    // A wrong password first: told in the form, nothing linked.
    await fillDirectoryForm(web.page, LINK, someone.uid, 'not-the-password');
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).to.match(
      /^That Example Corp username or password is not right\./,
    );
    expect(await web.page.locator('#identity-list li').count()).to.equal(0);
    await screenshot(web.page, 'ldap-link-wrong-390');

    await fillDirectoryForm(web.page, LINK, someone.uid, someone.password);
    await expectNotice(
      web.page,
      `${DIRECTORY_LABEL} is now linked to your account.`,
    );
    const row = web.page.locator('#identity-list li');
    await row.getByText(DIRECTORY_LABEL).waitFor();
    await row.getByText(`${someone.uid} Example`).waitFor();
    // Linked: the form is gone, Unlink is offered.
    await form.waitFor({state: 'detached'});
    await web.page
      .getByRole('button', {name: `Unlink ${DIRECTORY_LABEL}`})
      .waitFor();
    await expectSaneLayout(web.page);
    await screenshot(web.page, 'ldap-linked-390');
    expect(problems).to.eql({externalRequests: [], consoleErrors: []});

    const signedIn = await directoryLogin(
      web.server.client,
      'corp',
      {username: someone.uid, password: someone.password},
      200,
    );
    expect(signedIn.user_id).to.equal(user.id);
  });

  it('asks an account whose way in is its directory to confirm a change with the directory password', async () => {
    const someone = givenDirectoryPerson(web.slapd, 'page-step-up');
    await directoryOnPage(web.page, web.origin, someone.uid, someone.password);
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
    // The sign-in is older than STEP_UP_MAX_AGE (5 minutes) now.
    clock.advance(6 * 60_000);

    const card = web.page.getByRole('region', {name: 'Set a password'});
    await card.getByLabel('New password').fill(PASSWORD);
    await card.getByRole('button', {name: 'Set password'}).click();
    const dialog = web.page.getByRole('dialog', {name: "Confirm it's you"});
    await dialog
      .getByText(`Your account signs in with ${DIRECTORY_LABEL}.`)
      .waitFor();
    const username = dialog.getByLabel(`${DIRECTORY_LABEL} username`);
    const password = dialog.getByLabel(`${DIRECTORY_LABEL} password`);
    await username.fill(someone.uid);
    await password.fill('not-the-password');
    await dialog.getByRole('button', {name: 'Confirm'}).click();
    await dialog
      .getByText(`That ${DIRECTORY_LABEL} username or password is not right.`)
      .waitFor();
    await expectSaneLayout(web.page);
    await screenshot(web.page, 'ldap-step-up-390');

    await password.fill(someone.password);
    await dialog.getByRole('button', {name: 'Confirm'}).click();
    await expectNotice(web.page, 'Your password is set.');
    expect(await dialog.isVisible()).to.be.false();
    // The new sign-in took the place of the old session.
    const users = await web.server.app.getRepository(UserRepository);
    const user = await users.findOne({where: {email: someone.mail}});
    const sessions = await web.server.app.getRepository(SessionRepository);
    const all = await sessions.find({where: {userId: user!.id}});
    expect(all.filter(s => !s.revokedAt)).to.have.length(1);
    expect(all).to.have.length(2);
    const passwords = await web.server.app.getRepository(
      PasswordCredentialRepository,
    );
    expect(await passwords.count({userId: user!.id})).to.eql({count: 1});
  });
});
