import {expect} from '@loopback/testlab';
import {
  ConsentPage,
  isConsentPage,
  openConsentPage,
  postConsent,
} from '../fixtures/consent';
import {Authorized, givenConsentWorld} from '../fixtures/consent-world';
import {
  browserFetch,
  callJson,
  CookieJar,
  locationOf,
  Person,
} from '../fixtures/oidc';

// Only the person the question was put to, in that browser, through the
// page's own form, can answer it; nothing else grants anything.
describe('OpenID Provider: the consent answer cannot be forged (acceptance)', () => {
  const world = givenConsentWorld();
  let jar: CookieJar;
  let person: Person;
  let asked: Authorized;
  let page: ConsentPage;

  beforeEach(async () => {
    ({jar, person} = await world.givenSignedInBrowser());
    asked = await world.authorize(jar, {scope: 'openid email'});
    expect(isConsentPage(world.base, asked.location)).to.be.true();
    page = await openConsentPage(jar, asked.location);
    expect(page.status).to.equal(200);
    expect(page.html).to.containEql(
      '<form method="post" action="/oauth/consent">',
    );
  });

  /** A refusal of the consent endpoint: a 400 page, never a redirect. */
  async function expectRefused(
    response: Response,
    code = 'INVALID_STATE',
  ): Promise<void> {
    expect(response.status).to.equal(400);
    expect(response.headers.get('x-error-code')).to.equal(code);
    expect(response.headers.get('location')).to.be.null();
    expect(response.headers.get('content-type')).to.match(/^text\/html/);
    await response.text();
  }

  async function consents(): Promise<unknown[]> {
    const listed = await callJson(world.base, 'GET', '/users/me/consents', {
      token: await world.webToken(person),
    });
    return listed.body as unknown as unknown[];
  }

  it('refuses an answer without the token, with a wrong one, or from a browser without the sign-in', async () => {
    const allow = {interaction: page.interaction, decision: 'allow'};
    await expectRefused(await postConsent(world.base, jar, allow));
    await expectRefused(
      await postConsent(world.base, jar, {
        ...allow,
        consent_token: 'x'.repeat(43),
      }),
    );
    const right = {...allow, consent_token: page.token};
    // A form on another site: its POST carries no SameSite=Lax cookie.
    await expectRefused(await postConsent(world.base, new CookieJar(), right));
    // Another person's signed-in browser.
    const other = await world.givenSignedInBrowser();
    await expectRefused(await postConsent(world.base, other.jar, right));
    await expectRefused(
      await postConsent(world.base, jar, {...right, decision: undefined}),
      'INVALID_REQUEST',
    );
    expect(await consents()).to.eql([]);

    // None of these used the question up: the person's own answer works.
    const answered = await postConsent(world.base, jar, right);
    const callback = locationOf(answered);
    expect(callback.searchParams.get('state')).to.equal(asked.request.state);
    await world.tokensAt({...asked, location: callback});
    expect(await consents()).to.have.length(1);
  });

  it('takes an answer once: a replayed form is refused and issues no second code', async () => {
    const right = {
      interaction: page.interaction,
      consent_token: page.token,
      decision: 'allow',
    };
    expect((await postConsent(world.base, jar, right)).status).to.equal(303);
    await expectRefused(await postConsent(world.base, jar, right));
    await expectRefused(
      await postConsent(world.base, jar, {...right, decision: 'deny'}),
    );
  });

  it('shows the page, and its token, only to the browser that was asked; GET grants nothing', async () => {
    const stranger = await openConsentPage(new CookieJar(), asked.location);
    expect(stranger.status).to.equal(400);
    expect(stranger.token).to.be.undefined();
    const other = await world.givenSignedInBrowser();
    const theirs = await openConsentPage(other.jar, asked.location);
    expect(theirs.status).to.equal(400);
    expect(theirs.token).to.be.undefined();

    // The answer's fields in a link change nothing either.
    const link = new URL(asked.location);
    link.searchParams.set('consent_token', page.token!);
    link.searchParams.set('decision', 'allow');
    const followed = await browserFetch(jar, link.href);
    expect(followed.status).to.equal(200);
    expect(followed.headers.get('location')).to.be.null();
    await followed.text();
    expect(await consents()).to.eql([]);
  });

  it('refuses an answer once the browser has signed out', async () => {
    const signedOut = await browserFetch(
      jar,
      `${world.base}/oauth/browser-session`,
      {method: 'DELETE', headers: {origin: world.base}},
    );
    expect(signedOut.status).to.equal(204);
    await expectRefused(
      await postConsent(world.base, jar, {
        interaction: page.interaction,
        consent_token: page.token,
        decision: 'allow',
      }),
    );
    expect(await consents()).to.eql([]);
  });
});
