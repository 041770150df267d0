import {expect} from '@loopback/testlab';
import path from 'node:path';
import {Browser, BrowserContext, Page} from 'playwright-core';
import {RunningApp} from '../fixtures/app';
import {
  DESKTOP,
  givenBrowser,
  givenWebApp,
  requireChromium,
  screenshot,
  watchCspViolations,
} from '../fixtures/browser';

const PASSWORD = 'correct horse battery staple';
const SIGNED_OUT =
  'You were signed out: this session was ended on another device or expired.';

// What the page tells a person beyond the views themselves: its icon, why
// it is back at "Sign in", and (in development) where mailed links went.
describe('web page: icon, signed-out and outbox notices (browser)', function () {
  let running: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin: string;

  before(
    /** @this Mocha.Context */ async function () {
      requireChromium(this);
      running = await givenWebApp();
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

  it('has an icon: /favicon.ico answers, and the page links an SVG it may load', async () => {
    const ico = await running.client.get('/favicon.ico').expect(200);
    expect(ico.headers['content-type']).to.match(
      /^image\/(x-icon|vnd\.microsoft\.icon)/,
    );
    // An ICO header: reserved 0, type 1 (icon), at least one image.
    const bytes = ico.body as Buffer;
    expect([...bytes.subarray(0, 4)]).to.eql([0, 0, 1, 0]);
    expect(bytes.readUInt16LE(4)).to.be.above(0);

    const violations = await watchCspViolations(page);
    const failed: string[] = [];
    page.on('response', r => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(`${origin}/`);
    await page.getByRole('heading', {name: 'Sign in'}).waitFor();
    const href = await page.getAttribute('link[rel="icon"]', 'href');
    expect(href).to.equal('/favicon.svg');
    // Drawn as the browser would, under the page's own CSP (img-src 'self').
    const size = await page.evaluate<
      number[]
    >(`new Promise((resolve, reject) => {
      const img = new Image();
      img.onload = () => resolve([img.naturalWidth, img.naturalHeight]);
      img.onerror = () => reject(new Error('the icon did not load'));
      img.src = '/favicon.svg';
    })`);
    expect(size[0]).to.be.above(0);
    expect(failed).to.eql([]);
    expect(violations).to.eql([]);
  });

  describe('a session ended elsewhere', () => {
    /** An account signed in on the page, and another device's token. */
    async function givenSignedInTwice(): Promise<string> {
      const email = givenEmail();
      await running.client
        .post('/users')
        .send({email, password: PASSWORD})
        .expect(201);
      await page.goto(`${origin}/#sign-in`);
      const signIn = page.locator('#view-sign-in');
      await signIn.getByLabel('Email or username').fill(email);
      await signIn.getByLabel('Password').fill(PASSWORD);
      await signIn.getByRole('button', {name: 'Sign in', exact: true}).click();
      await page.getByRole('heading', {name: 'Your account'}).waitFor();
      const other = await running.client
        .post('/auth/login')
        .send({login: email, password: PASSWORD})
        .expect(200);
      return other.body.access_token as string;
    }

    /** The other device signs the page's session out. */
    async function endPageSessionFrom(token: string): Promise<void> {
      const sessions = await running.client
        .get('/sessions')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      const pages = (sessions.body as {id: string; current: boolean}[]).filter(
        s => !s.current,
      );
      expect(pages).to.have.length(1);
      await running.client
        .delete(`/sessions/${pages[0]!.id}`)
        .set('Authorization', `Bearer ${token}`)
        .expect(204);
    }

    it('says so on "Sign in" after a reload', async () => {
      await endPageSessionFrom(await givenSignedInTwice());
      await page.reload();
      await page.getByRole('heading', {name: 'Sign in'}).waitFor();
      await expectNotice(page, SIGNED_OUT);
      // Still there once everything the start set off has settled.
      await page.waitForTimeout(300);
      await expectNotice(page, SIGNED_OUT);
      await screenshot(page, 'signed-out-elsewhere');
    });

    it('says so when a call of the account page is refused', async () => {
      await endPageSessionFrom(await givenSignedInTwice());
      const profile = page.locator('#profile-form');
      await profile.getByLabel('Name', {exact: true}).fill('Grace');
      await profile.getByRole('button', {name: 'Save profile'}).click();
      await page.getByRole('heading', {name: 'Sign in'}).waitFor();
      await expectNotice(page, SIGNED_OUT);
      await page.waitForTimeout(300);
      await expectNotice(page, SIGNED_OUT);
    });
  });

  describe('in development, without SMTP_URL', () => {
    const outbox = () => path.join(running.config.dataDir, 'outbox');

    it('GET /mail/outbox names the folder', async () => {
      const res = await running.client.get('/mail/outbox').expect(200);
      expect(res.body).to.eql({directory: outbox()});
    });

    it('says where the link of "Forgot your password?" went', async () => {
      await page.goto(`${origin}/#forgot-password`);
      const form = page.locator('#view-forgot-password');
      await form.getByLabel('Email').fill(givenEmail());
      await form.getByRole('button', {name: 'Send the link'}).click();
      await expectNotice(page, 'a link to choose a new password is on its way');
      await expectNotice(page, `written to ${outbox()} instead`);
    });

    it('says where the confirmation link of a sign-up went', async () => {
      await page.goto(`${origin}/#sign-up`);
      const form = page.locator('#view-sign-up');
      await form.getByLabel('Email').fill(givenEmail());
      await form.getByLabel('Password').fill(PASSWORD);
      await form.getByRole('button', {name: 'Create account'}).click();
      await page.getByRole('heading', {name: 'Your account'}).waitFor();
      await expectNotice(page, 'We sent you a link to confirm');
      await expectNotice(page, `written to ${outbox()} instead`);
    });
  });

  describe('in production', () => {
    let production: RunningApp;
    before(async () => {
      production = await givenWebApp({NODE_ENV: 'production'});
    });
    after(() => production?.app.stop());

    it('GET /mail/outbox is 404 and the page says nothing of an outbox', async () => {
      const res = await production.client.get('/mail/outbox').expect(404);
      expect(res.body.error.code).to.equal('NOT_FOUND');
      await page.goto(`${production.config.baseUrl}/#forgot-password`);
      const form = page.locator('#view-forgot-password');
      await form.getByLabel('Email').fill(givenEmail());
      await form.getByRole('button', {name: 'Send the link'}).click();
      await expectNotice(page, 'a link to choose a new password is on its way');
      expect(await page.textContent('#notice')).to.not.match(
        /outbox|Development/,
      );
    });
  });
});

let counter = 0;
function givenEmail(): string {
  counter += 1;
  return `notices-${process.pid}-${Date.now()}-${counter}@example.com`;
}

async function expectNotice(page: Page, text: string) {
  await page.locator('#notice').filter({hasText: text}).waitFor();
}
