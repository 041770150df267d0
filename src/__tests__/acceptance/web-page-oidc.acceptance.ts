import {expect} from '@loopback/testlab';
import {Request} from 'playwright-core';
import {screenshot, watchPage} from '../fixtures/browser';
import {fakeTokens, givenFakeApi} from '../fixtures/fake-api';
import {givenPerson, Person} from '../fixtures/oidc';
import {ConsentRepository} from '../../repositories';
import {redeemLastCallback} from '../fixtures/relying-party';
import {givenThirdPartyPageSuite} from '../fixtures/third-party-page';

// A client application on another origin sends Chromium to the service;
// the person signs in on the hosted page with a password and lands back at
// the application with a code that openid-client exchanges.
describe('web page: hosted sign-in for an application (browser)', function () {
  const web = givenThirdPartyPageSuite();
  let person: Person;

  before(async () => {
    person = await givenPerson(web.origin);
    // The person allowed Photo album before: the consent page has its
    // own browser suite (web-page-consent).
    const consents = await web.server.app.getRepository(ConsentRepository);
    await consents.create({
      userId: person.id,
      applicationId: web.clientId,
      scopes: ['openid', 'profile', 'email'],
    });
  });

  it('signs in with a password on the hosted page and lands back with a code openid-client exchanges', async () => {
    const problems = watchPage(web.page, web.origin);
    await web.page.goto(`${web.rp.origin}/login`);
    await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();
    expect(new URL(web.page.url()).origin).to.equal(web.origin);
    // The interaction id moved out of the address bar into the tab.
    expect(web.page.url()).to.equal(`${web.origin}/`);
    await web.page
      .locator('#sign-in-for')
      .filter({hasText: 'Sign in to continue to Photo album.'})
      .waitFor();
    await screenshot(web.page, 'hosted-sign-in-desktop');

    const form = web.page.locator('#view-sign-in');
    await form.getByLabel('Email or username').fill(person.email);
    await form.getByLabel('Password').fill(person.password);
    await form.getByRole('button', {name: 'Sign in', exact: true}).click();
    await web.page.waitForURL(`${web.rp.origin}/callback?**`);
    await web.page
      .getByRole('heading', {name: 'Back at the application'})
      .waitFor();

    const tokens = await redeemLastCallback(web.rp);
    expect(tokens.claims()).to.containDeep({
      iss: web.origin,
      sub: person.id,
      email: person.email,
      name: 'Ada Lovelace',
    });
    // Only the service's own origin was asked for anything on its pages.
    expect(problems.consoleErrors).to.eql([]);

    // The browser keeps the sign-in: the application's next sign-in is
    // one redirect, without the page.
    await web.page.goto(`${web.rp.origin}/login`);
    await web.page
      .getByRole('heading', {name: 'Back at the application'})
      .waitFor();
    expect(web.rp.callbacks.at(-1)!.searchParams.get('state')).to.equal(
      web.rp.last!.state,
    );
  });

  it("ends the applications' sign-in when the person signs out of the page", async () => {
    await web.page.goto(`${web.rp.origin}/login`);
    const form = web.page.locator('#view-sign-in');
    await form.getByLabel('Email or username').fill(person.email);
    await form.getByLabel('Password').fill(person.password);
    await form.getByRole('button', {name: 'Sign in', exact: true}).click();
    await web.page.waitForURL(`${web.rp.origin}/callback?**`);

    // Back on the page in the same tab: still signed in there; sign out.
    await web.page.goto(`${web.origin}/`);
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
    await web.page.getByRole('button', {name: 'Sign out', exact: true}).click();
    await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();

    // The application's next sign-in needs the page again.
    await web.page.goto(`${web.rp.origin}/login`);
    await web.page.getByRole('heading', {name: 'Sign in'}).waitFor();
    expect(new URL(web.page.url()).origin).to.equal(web.origin);
  });

  it('continues to the application after a provider sign-in, the interaction kept across the round trip', async () => {
    const startDemo = (request: Request) => {
      const state = new URL(request.url()).searchParams.get('state');
      return {body: {url: `${web.origin}/?code=the-code&state=${state}`}};
    };
    const api = await givenFakeApi(web.page, web.origin, {
      'GET /auth/providers': {
        body: [{name: 'demo', provider: 'demo', login: true, link: true}],
      },
      'GET /oauth/interactions/int-1': {
        body: {clientId: 'c1', clientName: 'Photo album', freshSignIn: false},
      },
      'GET /auth/demo': startDemo,
      'POST /auth/token': {body: fakeTokens('s1')},
      'POST /oauth/browser-session': {
        body: {continue: `${web.rp.origin}/callback?from=page`},
      },
    });
    await web.page.goto(`${web.origin}/?interaction=int-1`);
    await web.page
      .locator('#sign-in-for')
      .filter({hasText: 'Photo album'})
      .waitFor();
    await web.page.getByRole('button', {name: 'Continue with Demo'}).click();
    await web.page.waitForURL(`${web.rp.origin}/callback?from=page`);
    const opened = api.calls.find(
      c => new URL(c.url()).pathname === '/oauth/browser-session',
    )!;
    expect(JSON.parse(opened.postData() ?? '{}')).to.eql({
      interaction: 'int-1',
    });
    expect(opened.headers().authorization).to.match(/^Bearer /);
  });
});
