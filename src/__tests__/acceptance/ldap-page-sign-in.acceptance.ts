import {expect} from '@loopback/testlab';
import {IdentityBindings} from '../../keys';
import {MfaFactorRepository} from '../../repositories';
import {
  DESKTOP,
  screenshot,
  watchCspViolations,
  watchPage,
} from '../fixtures/browser';
import {directoryLogin} from '../fixtures/directory-app';
import {givenDirectoryPerson} from '../fixtures/directory-link';
import {
  DIRECTORY_LABEL,
  directoryOnPage,
  givenDirectoryPageSuite,
} from '../fixtures/directory-page';
import {expectSaneLayout} from '../fixtures/mfa-page';

// The sign-in view offers each directory (LDAP) entry as a username and
// password form, against a real OpenLDAP; provider entries keep their
// buttons.
describe('Directory sign-in on the page (browser)', function () {
  const web = givenDirectoryPageSuite({
    'google-login': {provider: 'google', clientID: 'id', clientSecret: 's'},
  });

  it('signs a directory user in with the directory password and shows their account (390 px)', async () => {
    const problems = watchPage(web.page, web.origin);
    const violations = await watchCspViolations(web.page);
    const someone = givenDirectoryPerson(web.slapd, 'page');
    await web.page.goto(`${web.origin}/#sign-in`);
    const form = web.page.getByRole('form', {
      name: `Sign in with ${DIRECTORY_LABEL}`,
    });
    await form.waitFor();
    // Provider entries keep their buttons; the directory is no button.
    await web.page
      .getByRole('button', {name: 'Continue with Google'})
      .waitFor();
    expect(
      await web.page
        .getByRole('button', {name: /Continue with Example/})
        .count(),
    ).to.equal(0);
    await expectSaneLayout(web.page);
    await screenshot(web.page, 'ldap-sign-in-390');

    await directoryOnPage(web.page, web.origin, someone.uid, someone.password);
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
    expect(
      await web.page
        .locator('#view-account')
        .getByLabel('Email', {exact: true})
        .inputValue(),
    ).to.equal(someone.mail);
    const linked = web.page.locator('#identity-list');
    await linked.getByText(DIRECTORY_LABEL).waitFor();
    await expectSaneLayout(web.page);
    await screenshot(web.page, 'ldap-account-390');
    expect(problems).to.eql({externalRequests: [], consoleErrors: []});
    expect(violations).to.eql([]);
  });

  it('tells a wrong password in words inside the form, and signs nobody in', async () => {
    const someone = givenDirectoryPerson(web.slapd, 'page');
    await directoryOnPage(
      web.page,
      web.origin,
      someone.uid,
      'not-the-password',
    );
    const form = web.page.getByRole('form', {
      name: `Sign in with ${DIRECTORY_LABEL}`,
    });
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.equal(
      `That ${DIRECTORY_LABEL} username or password is not right. Check them and try again. After several wrong tries, even the right password is refused for a few minutes.`,
    );
    const password = form.getByLabel(`${DIRECTORY_LABEL} password`);
    expect(await password.inputValue()).to.equal('');
    expect(await password.getAttribute('aria-invalid')).to.equal('true');
    expect(
      await web.page
        .getByRole('heading', {name: 'Sign in', exact: true})
        .isVisible(),
    ).to.be.true();
    await expectSaneLayout(web.page);
    await screenshot(web.page, 'ldap-sign-in-wrong-390');
    // The right password then works from the same form.
    await form.getByLabel(`${DIRECTORY_LABEL} password`).fill(someone.password);
    await form
      .getByRole('button', {name: `Sign in with ${DIRECTORY_LABEL}`})
      .click();
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
  });

  it('continues with the second step when the account has one', async () => {
    await web.page.setViewportSize(DESKTOP);
    const someone = givenDirectoryPerson(web.slapd, 'page');
    const first = await directoryLogin(
      web.server.client,
      'corp',
      {username: someone.uid, password: someone.password},
      200,
    );
    const factors = await web.server.app.getRepository(MfaFactorRepository);
    await factors.create({
      userId: first.user_id,
      type: 'totp',
      name: 'Phone',
      secret: 'sealed',
      confirmedAt: new Date(),
    });
    const recovery = await web.server.app.get(
      IdentityBindings.RECOVERY_CODE_SERVICE,
    );
    const codes = await recovery.generate(first.user_id, {});

    await directoryOnPage(web.page, web.origin, someone.uid, someone.password);
    const step = web.page.locator('#view-mfa');
    await step.getByRole('heading', {name: 'Two-step verification'}).waitFor();
    await step.getByRole('button', {name: 'Use a recovery code'}).click();
    await step.getByLabel('Enter one of your recovery codes').fill(codes[0]!);
    await step.getByRole('button', {name: 'Continue'}).click();
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
    expect(
      await web.page
        .locator('#view-account')
        .getByLabel('Email', {exact: true})
        .inputValue(),
    ).to.equal(someone.mail);
  });
});
