import {expect} from '@loopback/testlab';
import path from 'node:path';
import {Page} from 'playwright-core';
import {RunningApp} from '../fixtures/app';
import {
  givenWebApp,
  screenshot,
  watchCspViolations,
  givenAppPageSuite,
} from '../fixtures/browser';

const PASSWORD = 'correct horse battery staple';
const SIGNED_OUT =
  'You were signed out: this session was ended on another device or expired.';

// What the page tells a person beyond the views themselves: its icon, why
// it is back at "Sign in", and (in development) where mailed links went.
describe('web page: icon, signed-out and outbox notices (browser)', function () {
  const web = givenAppPageSuite();

  it('has an icon: /favicon.ico answers, and the page links an SVG it may load', async () => {
    const ico = await web.server.client.get('/favicon.ico').expect(200);
    expect(ico.headers['content-type']).to.match(
      /^image\/(x-icon|vnd\.microsoft\.icon)/,
    );
    // An ICO header: reserved 0, type 1 (icon), at least one image.
    const bytes = ico.body as Buffer;
    expect([...bytes.subarray(0, 4)]).to.eql([0, 0, 1, 0]);
    expect(bytes.readUInt16LE(4)).to.be.above(0);

    const violations = await watchCspViolations(web.page);
    const failed: string[] = [];
    web.page.on('response', r => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await web.page.goto(`${web.origin}/`);
    await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();
    const href = await web.page.getAttribute('link[rel="icon"]', 'href');
    expect(href).to.equal('/favicon.svg');
    // Drawn as the browser would, under the page's own CSP (img-src 'self').
    const size = await web.page.evaluate<
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
      await web.server.client
        .post('/users')
        .send({email, password: PASSWORD})
        .expect(201);
      await web.page.goto(`${web.origin}/#sign-in`);
      const signIn = web.page.locator('#view-sign-in');
      await signIn.getByLabel('Email or username').fill(email);
      await signIn.getByLabel('Password').fill(PASSWORD);
      await signIn.getByRole('button', {name: 'Sign in', exact: true}).click();
      await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
      const other = await web.server.client
        .post('/auth/login')
        .send({login: email, password: PASSWORD})
        .expect(200);
      return other.body.access_token as string;
    }

    /** The other device signs the page's session out. */
    async function endPageSessionFrom(token: string): Promise<void> {
      const sessions = await web.server.client
        .get('/sessions')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      const pages = (sessions.body as {id: string; current: boolean}[]).filter(
        s => !s.current,
      );
      expect(pages).to.have.length(1);
      await web.server.client
        .delete(`/sessions/${pages[0]!.id}`)
        .set('Authorization', `Bearer ${token}`)
        .expect(204);
    }

    it('says so on "Sign in" after a reload', async () => {
      await endPageSessionFrom(await givenSignedInTwice());
      await web.page.reload();
      await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();
      await expectNotice(web.page, SIGNED_OUT);
      // Still there once everything the start set off has settled.
      await web.page.waitForTimeout(300);
      await expectNotice(web.page, SIGNED_OUT);
      await screenshot(web.page, 'signed-out-elsewhere');
    });

    it('says so when a call of the account page is refused', async () => {
      await endPageSessionFrom(await givenSignedInTwice());
      const profile = web.page.locator('#profile-form');
      await profile.getByLabel('Name', {exact: true}).fill('Grace');
      await profile.getByRole('button', {name: 'Save profile'}).click();
      await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();
      await expectNotice(web.page, SIGNED_OUT);
      await web.page.waitForTimeout(300);
      await expectNotice(web.page, SIGNED_OUT);
    });
  });

  describe('in development, without SMTP_URL', () => {
    const outbox = () => path.join(web.server.config.dataDir, 'outbox');

    it('GET /mail/outbox names the folder', async () => {
      const res = await web.server.client.get('/mail/outbox').expect(200);
      expect(res.body).to.eql({directory: outbox()});
    });

    it('says where the link of "Forgot your password?" went', async () => {
      await web.page.goto(`${web.origin}/#forgot-password`);
      const form = web.page.locator('#view-forgot-password');
      await form.getByLabel('Email').fill(givenEmail());
      await form.getByRole('button', {name: 'Send the link'}).click();
      await expectNotice(
        web.page,
        'a link to choose a new password is on its way',
      );
      await expectNotice(web.page, `written to ${outbox()} instead`);
    });

    it('says where the confirmation link of a sign-up went', async () => {
      await web.page.goto(`${web.origin}/#sign-up`);
      const form = web.page.locator('#view-sign-up');
      await form.getByLabel('Email').fill(givenEmail());
      await form.getByLabel('Password').fill(PASSWORD);
      await form.getByRole('button', {name: 'Create account'}).click();
      await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
      await expectNotice(web.page, 'We sent you a link to confirm');
      await expectNotice(web.page, `written to ${outbox()} instead`);
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
      await web.page.goto(`${production.config.baseUrl}/#forgot-password`);
      const form = web.page.locator('#view-forgot-password');
      await form.getByLabel('Email').fill(givenEmail());
      await form.getByRole('button', {name: 'Send the link'}).click();
      await expectNotice(
        web.page,
        'a link to choose a new password is on its way',
      );
      expect(await web.page.textContent('#notice')).to.not.match(
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
