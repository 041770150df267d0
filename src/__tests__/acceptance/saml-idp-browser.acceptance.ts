import {expect} from '@loopback/testlab';
import {givenPageSuite} from '../fixtures/browser';
import {freePort} from '../fixtures/free-port';
import {givenSession, givenPkce, givenUser} from '../fixtures/oauth';
import {givenIdpUser, givenSamlIdpWorld} from '../fixtures/saml-idp-world';
import {requireSimpleSamlPhp} from '../fixtures/simplesamlphp';

const uma = givenIdpUser('uma');

/**
 * The SAML link flow in Chromium, with the service on `localhost` and
 * SimpleSAMLphp on `127.0.0.1`: two sites, so the IdP's auto-submitted
 * form is a cross-site POST that carries none of the service's
 * SameSite=Lax cookies, as it is between a company IdP and this service.
 * The browser that started the link must still link at once.
 */
describe('SAML linking in a browser, IdP on another site (acceptance)', function (this: Mocha.Suite) {
  this.timeout(60000);
  before(
    /** @this Mocha.Context */ function () {
      requireSimpleSamlPhp(this);
    },
  );
  const web = givenPageSuite({
    start: async () => {
      const port = await freePort();
      return givenSamlIdpWorld({
        users: [uma],
        env: {PORT: String(port), BASE_URL: `http://localhost:${port}`},
      });
    },
    origin: world => world.running.config.baseUrl,
    stop: world => world.stop(),
    pagePerTest: false,
  });

  it('links in the browser that started it, without a confirmation page', async () => {
    const local = await givenUser(web.server.running.app);
    const {access_token: token} = await givenSession(
      web.server.running.app,
      local.id,
    );
    const page = await web.browser.newPage();
    await page.goto(`${web.origin}/health`);
    const {challenge} = givenPkce();
    // As a page of the service does it: POST /link with the bearer token;
    // the binding cookie lands in this browser.
    const url = await page.evaluate(
      async ({bearer, body}) => {
        const res = await fetch('/link/corp', {
          method: 'POST',
          headers: {
            authorization: `Bearer ${bearer}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(body),
        });
        return ((await res.json()) as {url: string}).url;
      },
      {
        bearer: token,
        body: {
          state: 'browser-link',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        },
      },
    );
    expect(new URL(url).origin).to.equal(web.server.idp.baseUrl);

    await page.goto(url);
    await page.fill('#username', uma.username);
    await page.fill('#password', uma.password);
    // The page at redirect_uri reads the code at once: catch the request.
    const [arrival] = await Promise.all([
      page.waitForRequest(r => r.url().startsWith(`${web.origin}/?`), {
        timeout: 20000,
      }),
      page.press('#password', 'Enter'),
    ]);
    const landed = new URL(arrival.url());
    expect(landed.searchParams.get('code')).to.be.a.String();
    expect(landed.origin + landed.pathname).to.equal(`${web.origin}/`);
    expect(landed.searchParams.get('state')).to.equal('browser-link');

    const identities = await web.server.client
      .get('/users/me/identities')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(identities.body).to.containDeep([{externalId: uma.persistentId}]);
    await page.close();
  });
});
