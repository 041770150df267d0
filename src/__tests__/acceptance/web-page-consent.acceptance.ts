import {expect} from '@loopback/testlab';
import {screenshot, watchPage} from '../fixtures/browser';
import {givenPerson, Person} from '../fixtures/oidc';
import {redeemLastCallback} from '../fixtures/relying-party';
import {givenThirdPartyPageSuite} from '../fixtures/third-party-page';

// A third-party application on another origin: Chromium signs in on the
// hosted page, the service asks for consent once on its own page, and the
// person takes it back from the account page.
describe('web page: consent to a third-party application (browser)', function () {
  const web = givenThirdPartyPageSuite();

  /** The application sends the browser to the service; the person signs in. */
  async function signInAtApplication(person: Person): Promise<void> {
    await web.page.goto(`${web.rp.origin}/login`);
    const form = web.page.locator('#view-sign-in');
    await form.getByLabel('Email or username').fill(person.email);
    await form.getByLabel('Password').fill(person.password);
    await form.getByRole('button', {name: 'Sign in', exact: true}).click();
  }

  const consentHeading = () =>
    web.page.getByRole('heading', {name: 'Allow Photo album?'});
  const backAtApplication = () =>
    web.page.getByRole('heading', {name: 'Back at the application'});

  it('asks once on the service page, then signs the application in with one redirect', async () => {
    const person = await givenPerson(web.origin);
    const problems = watchPage(web.page, web.origin);
    await signInAtApplication(person);
    await consentHeading().waitFor();
    expect(web.page.url()).to.startWith(`${web.origin}/oauth/consent?`);
    await web.page.getByText('See your email address').waitFor();
    await web.page.getByText(person.email).waitFor();
    await screenshot(web.page, 'consent-desktop');

    await web.page.getByRole('button', {name: 'Allow'}).click();
    await web.page.waitForURL(`${web.rp.origin}/callback?**`);
    await backAtApplication().waitFor();
    const tokens = await redeemLastCallback(web.rp);
    expect(tokens.claims()).to.containDeep({
      sub: person.id,
      email: person.email,
    });
    // The page's CSP let the form post and its redirect to the application.
    expect(problems.consoleErrors).to.eql([]);

    // Remembered: straight back, no question.
    const seen: string[] = [];
    web.page.on('framenavigated', frame => seen.push(frame.url()));
    await web.page.goto(`${web.rp.origin}/login`);
    await backAtApplication().waitFor();
    expect(seen.filter(url => url.includes('/oauth/consent'))).to.eql([]);
  });

  it('lists the application on the account page, revokes it, and the application asks again', async () => {
    const person = await givenPerson(web.origin);
    await signInAtApplication(person);
    await consentHeading().waitFor();
    await web.page.getByRole('button', {name: 'Allow'}).click();
    await backAtApplication().waitFor();

    await web.page.goto(`${web.origin}/`);
    await web.page.getByRole('heading', {name: 'Your account'}).waitFor();
    const section = web.page.getByRole('region', {
      name: 'Applications you allowed',
    });
    const row = section.locator('li.row').filter({hasText: 'Photo album'});
    await row.getByText('See your name and username').waitFor();
    await screenshot(web.page, 'consents-desktop');
    await row
      .getByRole('button', {name: "Revoke Photo album's access"})
      .click();
    await section.getByText('You have not allowed any application.').waitFor();
    expect(await section.locator('li.row').count()).to.equal(0);

    // The browser is still signed in; the application must ask again.
    await web.page.goto(`${web.rp.origin}/login`);
    await consentHeading().waitFor();
  });
});
