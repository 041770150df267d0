import {expect} from '@loopback/testlab';
import {answerConsent, isConsentPage} from '../fixtures/consent';
import {givenConsentWorld} from '../fixtures/consent-world';
import {callJson, CookieJar, locationOf, Person} from '../fixtures/oidc';

// The person sees what they allowed and takes it back; the application
// loses its access at once.
describe('OpenID Provider: a user revokes a consent (acceptance)', () => {
  const world = givenConsentWorld();

  /** The person allows `scope` and the application gets its tokens. */
  async function allowAndSignIn(
    jar: CookieJar,
    scope: string,
  ): Promise<Record<string, unknown>> {
    const asked = await world.authorize(jar, {scope});
    expect(isConsentPage(world.base, asked.location)).to.be.true();
    const answered = await answerConsent(world.base, jar, asked.location);
    return world.tokensAt({...asked, location: locationOf(answered)});
  }

  async function listConsents(
    person: Person,
  ): Promise<Record<string, unknown>[]> {
    const listed = await callJson(world.base, 'GET', '/users/me/consents', {
      token: await world.webToken(person),
    });
    expect(listed.status).to.equal(200);
    return listed.body as unknown as Record<string, unknown>[];
  }

  it('lists what the user allowed: the application, its scopes in words, the resources, when', async () => {
    const {jar, person} = await world.givenSignedInBrowser();
    const before = Date.now();
    await allowAndSignIn(jar, 'openid profile email');
    const [consent, ...more] = await listConsents(person);
    expect(more).to.eql([]);
    expect(consent).to.containDeep({
      applicationId: world.app.clientId,
      applicationName: 'Photo album',
      scopes: ['openid', 'profile', 'email'],
      resources: [],
      descriptions: [
        'Know which account here is yours',
        'Sign you in with your account here',
        'See your name and username',
        'See your email address and whether it is verified',
      ],
    });
    expect(consent!.id).to.be.a.String();
    const created = new Date(consent!.created as string).getTime();
    expect(created).to.be.within(before - 1000, Date.now() + 1000);
    // Nobody else sees it.
    const stranger = await world.givenSignedInBrowser();
    expect(await listConsents(stranger.person)).to.eql([]);
  });

  it("revokes it: the application's refresh and access tokens stop at once, and it asks again", async () => {
    const {jar, person} = await world.givenSignedInBrowser();
    const tokens = await allowAndSignIn(jar, 'openid offline_access');
    expect(tokens.refresh_token).to.be.a.String();
    const [consent] = await listConsents(person);
    const own = await world.webToken(person);

    const revoked = await callJson(
      world.base,
      'DELETE',
      `/users/me/consents/${consent!.id}`,
      {token: own},
    );
    expect(revoked.status).to.equal(204);
    expect(await listConsents(person)).to.eql([]);

    const refreshed = await fetch(`${world.base}/auth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: tokens.refresh_token as string,
        client_id: world.app.clientId,
      }),
    });
    expect(refreshed.status).to.equal(400);
    expect(await refreshed.json()).to.containDeep({error: 'invalid_grant'});
    const info = await fetch(`${world.base}/oauth/userinfo`, {
      headers: {authorization: `Bearer ${tokens.access_token}`},
    });
    expect(info.status).to.equal(401);

    const again = await world.authorize(jar, {scope: 'openid offline_access'});
    expect(isConsentPage(world.base, again.location)).to.be.true();
    // The person's own sessions are untouched.
    const sessions = await callJson(world.base, 'GET', '/sessions', {
      token: own,
    });
    expect(sessions.status).to.equal(200);
    expect(
      (sessions.body as unknown as {applicationId: string}[]).map(
        s => s.applicationId,
      ),
    ).to.not.containEql(world.app.clientId);
  });

  it("answers CONSENT_NOT_FOUND for another user's consent or an unknown id, and changes nothing", async () => {
    const owner = await world.givenSignedInBrowser();
    await allowAndSignIn(owner.jar, 'openid');
    const [consent] = await listConsents(owner.person);
    const thief = await world.givenSignedInBrowser();
    for (const id of [consent!.id as string, 'no-such-consent']) {
      const res = await callJson(
        world.base,
        'DELETE',
        `/users/me/consents/${id}`,
        {token: await world.webToken(thief.person)},
      );
      expect(res.status).to.equal(404);
      expect(res.body).to.containDeep({error: {code: 'CONSENT_NOT_FOUND'}});
    }
    expect(await listConsents(owner.person)).to.have.length(1);
  });

  it("keeps consents out of third-party applications' reach", async () => {
    const {jar, person} = await world.givenSignedInBrowser();
    const tokens = await allowAndSignIn(jar, 'openid profile email');
    const [consent] = await listConsents(person);
    const token = tokens.access_token as string;
    for (const [method, path] of [
      ['GET', '/users/me/consents'],
      ['DELETE', `/users/me/consents/${consent!.id}`],
    ]) {
      const res = await callJson(world.base, method!, path!, {token});
      expect(res.status).to.equal(403);
      expect(res.body).to.containDeep({
        error: {code: 'FIRST_PARTY_REQUIRED'},
      });
    }
    expect(await listConsents(person)).to.have.length(1);
  });
});
