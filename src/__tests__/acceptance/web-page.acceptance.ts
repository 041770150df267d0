import {expect} from '@loopback/testlab';
import {Page} from 'playwright-core';
import {IdentityBindings} from '../../keys';
import {linkTokenFromOutbox} from '../fixtures/accounts';
import {
  PHONE,
  screenshot,
  watchPage,
  givenAppPageSuite,
} from '../fixtures/browser';

describe('web page (browser)', function () {
  const web = givenAppPageSuite();

  describe('the page itself', () => {
    it('runs under the strict Content-Security-Policy it is served with and requests nothing from elsewhere', async () => {
      const problems = watchPage(web.page, web.origin);
      const response = await web.page.goto(`${web.origin}/`);
      // content-security-policy.acceptance.ts checks the policy itself.
      expect(response?.headers()['content-security-policy']).to.match(
        /script-src 'self'/,
      );
      await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();
      await web.page.locator('#loading').waitFor({state: 'hidden'});
      expect(problems).to.eql({externalRequests: [], consoleErrors: []});
      await screenshot(web.page, 'sign-in-desktop');
    });

    it('moves focus to the heading of each view it shows', async () => {
      await web.page.goto(`${web.origin}/`);
      await web.page.getByRole('link', {name: 'Create an account'}).click();
      await web.page
        .getByRole('heading', {name: 'Create an account'})
        .waitFor();
      expect(await focusedId(web.page)).to.equal('sign-up-title');
      await web.page.keyboard.press('Tab');
      expect(await focusedId(web.page)).to.equal('sign-up-email');
    });

    it('fits a 360 px wide screen without sideways scrolling', async () => {
      await web.page.setViewportSize(PHONE);
      for (const view of ['sign-in', 'sign-up']) {
        await web.page.goto(`${web.origin}/#${view}`);
        await web.page.locator(`#view-${view}`).waitFor();
        const overflow = await web.page.evaluate<number>(
          'document.documentElement.scrollWidth - window.innerWidth',
        );
        expect(overflow).to.be.belowOrEqual(0);
        await screenshot(web.page, `${view}-360`);
      }
    });
  });

  describe('accounts, against the running service', () => {
    /** An account made through the API, as another client would. */
    async function givenAccount(): Promise<string> {
      const email = givenEmail();
      await web.server.client
        .post('/users')
        .send({email, password: PASSWORD})
        .expect(201);
      return email;
    }

    async function signInWithPassword(email: string) {
      const signIn = await signInOnPage(web.page, web.origin, email);
      await signIn.getByLabel('Password').fill(PASSWORD);
      await signIn.getByRole('button', {name: 'Sign in', exact: true}).click();
      await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
    }

    it('signs up, shows the profile and signs out', async () => {
      const email = givenEmail();
      await web.page.goto(`${web.origin}/#sign-up`);
      const signUp = web.page.locator('#view-sign-up');
      await signUp.getByLabel('Email').fill(email);
      await signUp
        .getByLabel('Name (optional)', {exact: true})
        .fill('Ada Lovelace');
      await signUp.getByLabel('Password').fill(PASSWORD);
      await signUp.getByRole('button', {name: 'Create account'}).click();

      await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
      expect(await web.page.inputValue('#profile-email')).to.equal(email);
      expect(await web.page.inputValue('#profile-name')).to.equal(
        'Ada Lovelace',
      );
      await screenshot(web.page, 'signed-up-desktop');

      await web.page
        .getByRole('button', {name: 'Sign out', exact: true})
        .click();
      await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();
      await expectNotice(web.page, 'You are signed out.');
      expect(await refreshTokenOf(web.page)).to.be.null();
    });

    it('tells a wrong password in words', async () => {
      const email = await givenAccount();
      const signIn = await signInOnPage(web.page, web.origin, email);
      await signIn.getByLabel('Password').fill('not-the-password');
      await signIn.getByRole('button', {name: 'Sign in', exact: true}).click();
      await expectNotice(web.page, 'is not right');
    });

    it('keeps the person signed in across a reload, with tokens never in localStorage or the URL', async () => {
      const email = await givenAccount();
      await signInWithPassword(email);
      await web.page.reload();
      await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
      expect(await web.page.evaluate<number>('localStorage.length')).to.equal(
        0,
      );
      expect(web.page.url()).to.not.match(/token|code=/);
    });

    it('keeps its device cookie, so a stranger’s wrong guesses do not lock it out', async () => {
      const email = await givenAccount();
      await signInWithPassword(email);
      const cookies = await web.context.cookies(`${web.origin}/auth/login`);
      expect(cookies.find(c => c.name === 'device-token')).to.containDeep({
        httpOnly: true,
        path: '/auth',
        sameSite: 'Lax',
      });
      await web.page
        .getByRole('button', {name: 'Sign out', exact: true})
        .click();
      await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();
      for (let i = 0; i < 5; i++) {
        await web.server.client
          .post('/auth/login')
          .send({login: email, password: `guess ${i}`})
          .expect(401);
      }
      await signInWithPassword(email);
    });

    it('changes the email only once the link mailed to the new address is opened', async () => {
      const email = await givenAccount();
      await signInWithPassword(email);
      const newEmail = givenEmail();
      await web.page.locator('#profile-email').fill(newEmail);
      await web.page.getByRole('button', {name: 'Save profile'}).click();
      await expectNotice(web.page, `Check the inbox of ${newEmail}`);
      await expectText(web.page, '#profile-email-pending', newEmail);
      expect(await web.page.inputValue('#profile-email')).to.equal(email);
      await screenshot(web.page, 'email-change-pending-desktop');

      const changes = await web.server.app.get(
        IdentityBindings.EMAIL_CHANGE_SERVICE,
      );
      await changes.whenIdle();
      const token = await linkTokenFromOutbox(
        web.server.config.dataDir,
        newEmail,
        'confirm-email-change',
      );
      await web.page.goto(`${web.origin}/#confirm-email-change?token=${token}`);
      await web.page
        .getByRole('button', {name: 'Use this email address'})
        .click();
      await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
      await expectNotice(web.page, 'Your email address is changed');
      await web.page.waitForFunction(
        `document.getElementById('profile-email').value === ${JSON.stringify(newEmail)}`,
        undefined,
        {timeout: 5000},
      );
      expect(web.page.url()).to.not.match(/token/);
    });

    it('lists the sessions and signs out another device', async () => {
      const email = await givenAccount();
      const other = await web.server.client
        .post('/auth/login')
        .set('User-Agent', 'curl/8.5.0')
        .send({login: email, password: PASSWORD})
        .expect(200);
      await signInWithPassword(email);
      const rows = web.page.locator('#session-list > li');
      await rows.nth(1).waitFor();
      expect(await rows.count()).to.equal(2);
      await expectText(web.page, '#session-list', 'this device');
      await screenshot(web.page, 'sessions-desktop');

      const otherRow = rows.filter({hasText: 'curl'});
      await otherRow.getByRole('button').click();
      await expectNotice(web.page, 'is signed out');
      // The notice can come before the list is redrawn: wait for the redraw.
      await web.page.waitForFunction(
        "document.querySelectorAll('#session-list > li').length === 1",
        undefined,
        {timeout: 5000},
      );
      expect(await rows.count()).to.equal(1);
      await web.server.client
        .get('/users/me')
        .set('Authorization', `Bearer ${other.body.access_token}`)
        .expect(401);
    });
  });
});

const PASSWORD = 'correct horse battery staple';

let counter = 0;
function givenEmail(): string {
  counter += 1;
  return `web-${process.pid}-${Date.now()}-${counter}@example.com`;
}

async function signInOnPage(page: Page, origin: string, login: string) {
  await page.goto(`${origin}/#sign-in`);
  const signIn = page.locator('#view-sign-in');
  await signIn.getByLabel('Email or username').fill(login);
  return signIn;
}

async function focusedId(page: Page): Promise<string> {
  return page.evaluate<string>("document.activeElement?.id ?? ''");
}

async function refreshTokenOf(page: Page): Promise<string | null> {
  return page.evaluate<string | null>(
    "sessionStorage.getItem('identity.refresh-token')",
  );
}

async function expectText(page: Page, selector: string, text: string) {
  await page.locator(selector).filter({hasText: text}).first().waitFor();
}

function expectNotice(page: Page, text: string) {
  return expectText(page, '#notice', text);
}
