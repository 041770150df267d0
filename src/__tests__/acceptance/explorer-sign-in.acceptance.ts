import {expect} from '@loopback/testlab';
import {Locator, Page} from 'playwright-core';
import {GOOD_PASSWORD} from '../fixtures/accounts';
import {screenshot, watchCspViolations, watchPage} from '../fixtures/browser';
import {
  givenDemoEmail,
  givenDemoPageSuite,
  signInAtDemo,
} from '../fixtures/demo';

// The API explorer signs in through the service's own OpenID Provider: the
// oauth2 scheme's Authorize opens the hosted sign-in in a popup, which
// lands on the explorer's redirect page; the explorer then calls the API
// with the access token, all under the explorer's strict CSP. The demo's
// OpenID Connect provider, on another origin, stands for any provider.
describe('API explorer: one-click sign-in (browser)', function () {
  const web = givenDemoPageSuite();

  it('shows the README\'s areas as its sections, in order, under "Identity service"', async () => {
    await web.page.goto(`${web.origin}/explorer/`);
    await web.page.locator('.opblock-tag').first().waitFor();
    expect(
      await web.page
        .locator('.opblock-tag')
        .evaluateAll(tags => tags.map(tag => tag.getAttribute('data-tag'))),
    ).to.eql([
      'Local accounts',
      'Tokens and sessions',
      'Third-party login and linking',
      'Client applications',
      'Administration',
      'Operations',
    ]);
    expect(
      await web.page.locator('.info .title').first().textContent(),
    ).to.match(/^Identity service/);
    expect(await web.page.getAttribute('link[rel="icon"]', 'href')).to.equal(
      '/favicon.svg',
    );
  });

  it('signs in with a password in the popup, then "Try it out" on GET /users/me answers 200 with the email', async () => {
    const email = givenDemoEmail('explorer');
    await web.server.client
      .post('/users')
      .send({email, password: GOOD_PASSWORD})
      .expect(201);
    const violations = await watchCspViolations(web.page);
    const problems = watchPage(web.page, web.origin);
    await web.page.goto(`${web.origin}/explorer/`);

    const oauth2 = await openOAuth2Scheme(web.page);
    // Nothing to type: the client id and the scopes come filled in.
    const clientId = oauth2.locator('#client_id_authorizationCode');
    expect(await clientId.inputValue()).to.equal('explorer');
    expect(await checkedScopes(oauth2)).to.eql(['openid', 'profile', 'email']);
    await screenshot(web.page, 'explorer-authorize-dialog');

    const popup = await authorize(oauth2);
    const popupViolations = await watchCspViolations(popup);
    await popup.getByRole('heading', {name: 'Sign in'}).waitFor();
    expect(new URL(popup.url()).origin).to.equal(web.origin);
    await popup
      .locator('#sign-in-for')
      .filter({hasText: 'API explorer'})
      .waitFor();
    const form = popup.locator('#view-sign-in');
    await form.getByLabel('Email or username').fill(email);
    await form.getByLabel('Password').fill(GOOD_PASSWORD);
    const landed = popup.waitForRequest(r =>
      r.url().startsWith(`${web.origin}/explorer/oauth2-redirect.html?code=`),
    );
    await form.getByRole('button', {name: 'Sign in', exact: true}).click();
    expect(new URL((await landed).url()).searchParams.get('iss')).to.equal(
      web.origin,
    );
    // The redirect page hands the code to the explorer and closes itself.
    await popup.waitForEvent('close');

    await oauth2.getByText('Authorized', {exact: true}).waitFor();
    await web.page.locator('.dialog-ux button.close-modal').click();
    const me = await tryGetMe(web.page);
    expect(me.body).to.containEql(email);
    // The request carried the explorer's access token, not a password.
    expect(me.curl).to.match(/Authorization: Bearer ey/);
    await screenshot(web.page, 'explorer-signed-in');

    expect(violations).to.eql([]);
    expect(popupViolations).to.eql([]);
    expect(problems).to.eql({externalRequests: [], consoleErrors: []});
  });

  it('signs in through a provider on another origin, though the popup loses its opener on the way', async () => {
    const login = givenDemoEmail('explorer-demo');
    const violations = await watchCspViolations(web.page);
    await web.page.goto(`${web.origin}/explorer/`);
    const popup = await authorize(await openOAuth2Scheme(web.page));
    await popup.getByRole('button', {name: 'Continue with Demo'}).click();
    await popup.getByRole('heading', {name: 'Sign-in'}).waitFor();
    // Cross-Origin-Opener-Policy: same-origin cut the popup off from the
    // explorer when it left the origin; swagger-ui's own redirect page
    // would have nowhere to send the code.
    expect(await popup.evaluate('window.opener === null')).to.be.true();
    await signInAtDemo(popup, login);
    await popup.waitForEvent('close');

    await web.page.getByText('Authorized', {exact: true}).waitFor();
    await web.page.locator('.dialog-ux button.close-modal').click();
    const me = await tryGetMe(web.page);
    expect(me.body).to.containEql(login);
    expect(violations).to.eql([]);
  });

  it('shows an error the sign-in sends back in the Authorize dialog, and ignores an answer for another state', async () => {
    await web.page.goto(`${web.origin}/explorer/`);
    const oauth2 = await openOAuth2Scheme(web.page);
    const asked = web.context.waitForEvent('request', r =>
      r.url().startsWith(`${web.origin}/oauth/authorize?`),
    );
    const popup = await authorize(oauth2);
    const state = new URL((await asked).url()).searchParams.get('state')!;
    await popup.getByRole('heading', {name: 'Sign in'}).waitFor();
    const answer = (s: string, description: string) =>
      `?error=access_denied&error_description=${description}` +
      `&state=${encodeURIComponent(s)}`;
    // Another tab's sign-in answers first: not this one's, left alone.
    const closed = popup.waitForEvent('close');
    await popup.evaluate(
      `new BroadcastChannel('explorer-oauth2').postMessage(${JSON.stringify(
        answer(`${state}x`, 'Elsewhere'),
      )});
      location.assign('/explorer/oauth2-redirect.html' + ${JSON.stringify(
        answer(state, 'Cancelled'),
      )});`,
    );
    await closed;
    await oauth2.getByText('[access_denied]: Cancelled').waitFor();
    expect(await web.page.getByText('Elsewhere').count()).to.equal(0);
    expect(
      await oauth2.getByText('Authorized', {exact: true}).count(),
    ).to.equal(0);
  });
});

/** Opens the Authorize dialog and returns its oauth2 scheme. */
async function openOAuth2Scheme(page: Page): Promise<Locator> {
  await page.locator('.auth-wrapper .authorize').click();
  const dialog = page.locator('.dialog-ux .modal-ux');
  await dialog.waitFor();
  return dialog.locator('.auth-container', {hasText: 'oauth2'});
}

/** Clicks the oauth2 scheme's Authorize; returns the popup it opens. */
async function authorize(oauth2: Locator): Promise<Page> {
  const [popup] = await Promise.all([
    oauth2.page().context().waitForEvent('page'),
    // swagger-ui labels its Authorize button for screen readers so.
    oauth2
      .getByRole('button', {name: 'Apply given OAuth2 credentials'})
      .click(),
  ]);
  return popup;
}

/** The scopes whose boxes are ticked in a scheme of the Authorize dialog. */
async function checkedScopes(scheme: Locator): Promise<string[]> {
  return scheme
    .locator('.scopes input[type=checkbox]:checked')
    .evaluateAll(boxes => boxes.map(b => b.getAttribute('data-value') ?? ''));
}

/** "Try it out" and "Execute" on GET /users/me; waits for its 200. */
async function tryGetMe(page: Page): Promise<{body: string; curl: string}> {
  const me = page.locator('.opblock-get:has([data-path="/users/me"])');
  await me.locator('.opblock-summary').click();
  await me.getByRole('button', {name: 'Try it out'}).click();
  await me.getByRole('button', {name: 'Execute'}).click();
  const answer = me.locator('.live-responses-table .response').first();
  await answer
    .locator('.response-col_status', {hasText: '200'})
    .first()
    .waitFor();
  return {
    body: await answer.locator('.response-col_description').innerText(),
    curl: await me.locator('.curl-command').innerText(),
  };
}
