import {expect} from '@loopback/testlab';
import {call} from '../fixtures/http';
import {givenResourceApi, ResourceApi} from '../fixtures/resource-api';
import {
  givenTokenIssuer,
  Person,
  TokenIssuer,
  ConfidentialApp,
  signOutAtClient,
} from '../fixtures/token-issuer';

/**
 * Revocation seen by a separate API through the service's introspection
 * endpoint, as a confidential application introspecting tokens issued to
 * it (what the service answers today).
 */
describe('IdentityTokenStrategy with introspection (acceptance)', () => {
  let issuer: TokenIssuer;
  let client: ConfidentialApp;
  let person: Person;
  let api: ResourceApi;

  before(async () => {
    issuer = await givenTokenIssuer();
    client = await issuer.givenConfidentialApp();
    person = await issuer.givenPerson();
    api = await givenApi(0);
  });
  after(async () => {
    await api?.stop();
    await issuer?.stop();
  });

  function givenApi(cacheTtlMs: number, secret = client.secret) {
    return givenResourceApi({
      issuer: issuer.issuer,
      audience: client.audience,
      revocation: {
        introspection: {clientId: client.id, clientSecret: secret, cacheTtlMs},
      },
    });
  }

  async function expectRevoked(token: string): Promise<void> {
    const res = await api.call('GET', '/orders', token);
    expect({
      status: res.status,
      challenge: res.headers.get('www-authenticate'),
    }).to.eql({
      status: 401,
      challenge:
        'Bearer error="invalid_token", error_description="The access token is revoked"',
    });
  }

  it('refuses on the next request a token whose session signed out', async () => {
    const {accessToken} = await issuer.givenAppTokens(
      client,
      person,
      'orders:read',
    );
    const other = await issuer.givenAppTokens(client, person, 'orders:read');
    expect((await api.call('GET', '/orders', accessToken)).status).to.equal(
      200,
    );
    expect(await signOutAtClient(issuer.issuer, client, accessToken)).to.equal(
      200,
    );
    await expectRevoked(accessToken);
    // Only that session: the person's other sign-in at the client goes on.
    expect(
      (await api.call('GET', '/orders', other.accessToken)).status,
    ).to.equal(200);
  });

  it('refuses on the next request a token whose session was deleted (DELETE /sessions/{id})', async () => {
    const tokens = await issuer.givenAppTokens(client, person, 'orders:read');
    expect(
      (await api.call('GET', '/orders', tokens.accessToken)).status,
    ).to.equal(200);
    const deleted = await call(
      issuer.issuer,
      'DELETE',
      `/sessions/${tokens.sessionId}`,
      {
        auth: `Bearer ${person.webToken}`,
      },
    );
    expect(deleted.status).to.equal(204);
    await expectRevoked(tokens.accessToken);
  });

  it('keeps an answer for cacheTtlMs: a revocation reaches a caching API only after it', async () => {
    const caching = await givenApi(60_000);
    try {
      const {accessToken} = await issuer.givenAppTokens(
        client,
        person,
        'orders:read',
      );
      expect(
        (await caching.call('GET', '/orders', accessToken)).status,
      ).to.equal(200);
      await signOutAtClient(issuer.issuer, client, accessToken);
      // The caching API still has the answer; the one that asks every time sees it.
      expect(
        (await caching.call('GET', '/orders', accessToken)).status,
      ).to.equal(200);
      await expectRevoked(accessToken);
    } finally {
      await caching.stop();
    }
  });

  it('answers 503 with Retry-After, and logs why, when the service refuses its credentials', async () => {
    const wrong = await givenApi(0, 'not-the-secret');
    try {
      const {accessToken} = await issuer.givenAppTokens(
        client,
        person,
        'orders:read',
      );
      const res = await wrong.call('GET', '/orders', accessToken);
      expect({
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
      }).to.eql({
        status: 503,
        retryAfter: '5',
      });
      expect(wrong.logged.join('\n')).to.match(
        /refused revocation\.introspection's client id or secret/,
      );
    } finally {
      await wrong.stop();
    }
  });
});
