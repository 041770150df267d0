import {expect} from '@loopback/testlab';
import {PHONE, screenshot, watchCspViolations} from '../fixtures/browser';
import {
  accountView,
  allowAtFacebook,
  expectNotice,
  givenDemoEmail,
  givenDemoPageSuite,
  signInAtDemo,
} from '../fixtures/demo';

const PASSWORD = 'correct horse battery staple';

// `npm run demo` clicked through in Chromium: the page, the service and the
// two local providers, each on its own port, as a person would use them.
describe('npm run demo (browser)', function () {
  const web = givenDemoPageSuite();

  it('serves the page at a localhost origin and lists both providers by name', async () => {
    expect(web.origin).to.match(/^http:\/\/localhost:\d+$/);
    await web.page.goto(`${web.origin}/`);
    const buttons = web.page.locator('#provider-list button');
    await buttons.first().waitFor();
    expect(await buttons.allTextContents()).to.eql([
      'Continue with Demo',
      'Continue with Facebook (demo)',
    ]);
    await screenshot(web.page, 'demo-sign-in');
  });

  it('signs up, signs out, signs in with the password, signs out another device and everywhere', async () => {
    const email = givenDemoEmail('ada');
    await web.page.goto(`${web.origin}/#sign-up`);
    const signUp = web.page.locator('#view-sign-up');
    await signUp.getByLabel('Email').fill(email);
    await signUp.getByLabel('Password').fill(PASSWORD);
    await signUp.getByRole('button', {name: 'Create account'}).click();
    await accountView(web.page);
    await web.page.getByRole('button', {name: 'Sign out', exact: true}).click();

    const signIn = web.page.locator('#view-sign-in');
    await signIn.getByLabel('Email or username').fill(email);
    await signIn.getByLabel('Password').fill(PASSWORD);
    await signIn.getByRole('button', {name: 'Sign in', exact: true}).click();
    await accountView(web.page);

    const phone = await web.server.client
      .post('/auth/login')
      .set('User-Agent', 'Mozilla/5.0 (iPhone) Safari/604.1')
      .send({login: email, password: PASSWORD})
      .expect(200);
    await web.page.reload();
    const otherRow = web.page.locator('#session-list > li', {
      hasText: 'iPhone',
    });
    await otherRow.waitFor();
    await screenshot(web.page, 'demo-sessions');
    await otherRow.getByRole('button', {name: /^Sign out/}).click();
    await expectNotice(web.page, 'is signed out');
    await web.server.client
      .get('/users/me')
      .set('Authorization', `Bearer ${phone.body.access_token}`)
      .expect(401);

    const laptop = await web.server.client
      .post('/auth/login')
      .send({login: email, password: PASSWORD})
      .expect(200);
    await web.page.getByRole('button', {name: 'Sign out everywhere'}).click();
    await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();
    await expectNotice(web.page, 'signed out on every device');
    const refused = await web.server.client
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
    const violations = await watchCspViolations(web.page);
    await web.page.goto(`${web.origin}/`);
    await web.page.getByRole('button', {name: 'Continue with Demo'}).click();
    await web.page.getByRole('heading', {name: 'Sign-in'}).waitFor();
    await screenshot(web.page, 'demo-oidc-login');
    await signInAtDemo(web.page, login);
    const account = await accountView(web.page);
    expect(web.page.url()).to.equal(`${web.origin}/`);
    expect(await web.page.inputValue('#profile-email')).to.equal(login);
    await account.locator('#identity-list', {hasText: 'Demo'}).waitFor();
    // Made through a provider: "Set a password", not a form asking for a
    // current password it never had.
    await web.page.getByRole('region', {name: 'Set a password'}).waitFor();
    expect(
      await web.page.locator('#password-current').isVisible(),
    ).to.be.false();

    await web.page.getByRole('button', {name: 'Link Facebook (demo)'}).click();
    await web.page.getByRole('heading', {name: 'Facebook (demo)'}).waitFor();
    await screenshot(web.page, 'demo-facebook-dialog');
    await allowAtFacebook(web.page, facebook);
    await accountView(web.page);
    await expectNotice(
      web.page,
      'Facebook (demo) is now linked to your account.',
    );
    const rows = web.page.locator('#identity-list > li');
    await rows.nth(1).waitFor();
    expect(await rows.locator('strong').allTextContents()).to.eql([
      'Demo',
      'Facebook (demo)',
    ]);
    await screenshot(web.page, 'demo-linked');

    await web.page.getByRole('button', {name: 'Sign out', exact: true}).click();
    await web.page
      .getByRole('button', {name: 'Continue with Facebook (demo)'})
      .click();
    await allowAtFacebook(web.page, facebook);
    await accountView(web.page);
    expect(await web.page.inputValue('#profile-email')).to.equal(login);

    await web.page.getByRole('button', {name: 'Unlink Demo'}).click();
    await expectNotice(web.page, 'Demo is no longer linked.');
    await web.page.getByRole('button', {name: 'Link Demo'}).waitFor();
    expect(await rows.locator('strong').allTextContents()).to.eql([
      'Facebook (demo)',
    ]);
    await web.page.setViewportSize(PHONE);
    await screenshot(web.page, 'demo-unlinked-360');
    // The page and the Facebook demo's dialog ran under their CSPs.
    expect(violations).to.eql([]);
  });

  it('explains ACCOUNT_EXISTS when a provider shares the email of an existing account', async () => {
    const email = givenDemoEmail('taken');
    await web.server.client
      .post('/users')
      .send({email, password: PASSWORD})
      .expect(201);
    await web.page.goto(`${web.origin}/`);
    await web.page
      .getByRole('button', {name: 'Continue with Facebook (demo)'})
      .click();
    await allowAtFacebook(web.page, {name: 'Tay Ken', email});
    await expectNotice(
      web.page,
      'Sign in with it first, then link Facebook (demo) from your account page.',
    );
    expect(web.page.url()).to.equal(`${web.origin}/`);
    await screenshot(web.page, 'demo-account-exists');
  });

  it('explains IDENTITY_ALREADY_LINKED when linking an account another user signs in with', async () => {
    const facebook = {name: 'Zed', email: givenDemoEmail('zed')};
    await web.page.goto(`${web.origin}/`);
    await web.page
      .getByRole('button', {name: 'Continue with Facebook (demo)'})
      .click();
    await allowAtFacebook(web.page, facebook);
    await accountView(web.page);
    await web.page.getByRole('button', {name: 'Sign out', exact: true}).click();

    await web.page.getByRole('button', {name: 'Continue with Demo'}).click();
    await signInAtDemo(web.page, givenDemoEmail('yan'));
    await accountView(web.page);
    await web.page.getByRole('button', {name: 'Link Facebook (demo)'}).click();
    await allowAtFacebook(web.page, facebook);
    await accountView(web.page);
    await expectNotice(web.page, 'is already linked to a different user here');
    await screenshot(web.page, 'demo-identity-already-linked');
  });

  it('says the sign-in was cancelled when the person presses Deny', async () => {
    await web.page.goto(`${web.origin}/`);
    await web.page
      .getByRole('button', {name: 'Continue with Facebook (demo)'})
      .click();
    await web.page.locator('#name').fill('Dee Nied');
    await web.page.getByRole('button', {name: 'Deny'}).click();
    await expectNotice(web.page, 'cancelled at the other service');
    await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();
  });
});
