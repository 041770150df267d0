import {expect} from '@loopback/testlab';
import {allowIfAsked} from '../fixtures/consent';
import {givenConsentWorld} from '../fixtures/consent-world';
import {
  browserFetch,
  callJson,
  claimsOf,
  CookieJar,
  givenAuthorizationUrl,
  locationOf,
} from '../fixtures/oidc';

// The first-party rule as scopes: `account` (managing the account) is held
// by first-party applications only; a third-party token of the
// authorization endpoint reads what its scopes name and nothing else.
describe('OpenID Provider: what a token of the authorization endpoint may call (acceptance)', () => {
  const world = givenConsentWorld();

  /** An access token of Photo album for `scope`, the person allowing it. */
  async function thirdPartyToken(jar: CookieJar, scope?: string) {
    const request = givenAuthorizationUrl(
      world.base,
      world.app,
      scope === undefined ? {} : {scope},
    );
    if (scope === undefined) {
      const url = new URL(request.url);
      url.searchParams.delete('scope');
      request.url = url.href;
    }
    const first = await browserFetch(jar, request.url);
    const location = locationOf(await allowIfAsked(world.base, jar, first));
    const tokens = await world.tokensAt({request, location});
    return tokens.access_token as string;
  }

  it('lets a third-party token with openid profile email read /users/me and userinfo, and manage nothing', async () => {
    const {jar, person} = await world.givenSignedInBrowser();
    const token = await thirdPartyToken(jar, 'openid profile email');
    expect(claimsOf(token).scope).to.equal('openid profile email');

    const me = await callJson(world.base, 'GET', '/users/me', {token});
    expect(me.status).to.equal(200);
    expect(me.body).to.containDeep({id: person.id, email: person.email});
    const info = await callJson(world.base, 'GET', '/oauth/userinfo', {token});
    expect(info.status).to.equal(200);
    expect(info.body).to.containDeep({sub: person.id, email: person.email});

    for (const [method, path, body] of [
      ['GET', '/sessions'],
      ['PATCH', '/users/me', {name: 'Mallory'}],
      ['GET', '/users/me/identities'],
      ['POST', '/applications', {name: 'x', type: 'public', redirectUris: []}],
      ['DELETE', '/sessions'],
    ] as const) {
      const res = await callJson(world.base, method, path, {token, body});
      expect(res.status).to.equal(403);
      expect(res.body).to.containDeep({error: {code: 'FIRST_PARTY_REQUIRED'}});
      // RFC 6750 §3.1: the scope it lacks.
      expect(res.response.headers.get('www-authenticate')).to.equal(
        'Bearer realm="identity", error="insufficient_scope", scope="account"',
      );
    }
    expect(
      (await callJson(world.base, 'GET', '/users/me', {token})).body,
    ).to.containDeep({name: 'Ada Lovelace'});
    const out = await callJson(world.base, 'POST', '/auth/logout', {token});
    expect(out.status).to.equal(204);
  });

  it('holds it to its scopes: without profile and email, /users/me is INSUFFICIENT_SCOPE', async () => {
    const {jar} = await world.givenSignedInBrowser();
    for (const scope of ['openid', 'openid email', undefined]) {
      const token = await thirdPartyToken(jar, scope);
      // A token of the authorization endpoint always carries its scope.
      expect(claimsOf(token).scope).to.equal(scope ?? '');
      const me = await callJson(world.base, 'GET', '/users/me', {token});
      expect(me.status).to.equal(403);
      expect(me.body).to.containDeep({error: {code: 'INSUFFICIENT_SCOPE'}});
      expect(me.response.headers.get('www-authenticate')).to.equal(
        'Bearer realm="identity", error="insufficient_scope", scope="profile email"',
      );
    }
  });

  it('never grants account to a third-party application, asked for or not', async () => {
    const {jar} = await world.givenSignedInBrowser();
    const asked = await world.authorize(jar, {scope: 'openid account'});
    expect(asked.location.origin + asked.location.pathname).to.equal(
      world.app.redirectUri,
    );
    expect(asked.location.searchParams.get('error')).to.equal('invalid_scope');
    const token = await thirdPartyToken(jar, 'openid profile email');
    expect(String(claimsOf(token).scope).split(' ')).to.not.containEql(
      'account',
    );
  });

  it('lets a first-party token of the authorization endpoint manage the account, whatever its scope', async () => {
    const {jar} = await world.givenSignedInBrowser();
    const web = {clientId: 'web', redirectUri: `${world.base}/`};
    const at = await world.authorize(jar, {scope: 'openid'}, web);
    const tokens = await world.tokensAt(at, web);
    const token = tokens.access_token as string;
    expect(claimsOf(token).scope).to.equal('openid');
    for (const path of ['/sessions', '/users/me/consents', '/users/me']) {
      const res = await callJson(world.base, 'GET', path, {token});
      expect(res.status).to.equal(200);
    }
  });
});
