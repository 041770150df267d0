import {expect} from '@loopback/testlab';
import {decodeJwt} from 'jose';
import {forgeriesOf} from '../fixtures/forged-tokens';
import {ManualClock} from '../fixtures/manual-clock';
import {givenResourceApi, ResourceApi} from '../fixtures/resource-api';
import {
  givenTokenIssuer,
  Person,
  TokenIssuer,
  ConfidentialApp,
} from '../fixtures/token-issuer';

/**
 * A LoopBack API of its own, on its own port, protected by the exported
 * strategy knowing only the issuer URL and its audience, called with
 * tokens the real service issued over HTTP.
 */
describe('IdentityTokenStrategy in a separate API (acceptance)', () => {
  // The service's clock, so a token can be issued in the past.
  const clock = new ManualClock(Date.now());
  let issuer: TokenIssuer;
  let client: ConfidentialApp;
  let person: Person;
  let api: ResourceApi;

  before(async () => {
    issuer = await givenTokenIssuer({}, {clock});
    client = await issuer.givenConfidentialApp();
    person = await issuer.givenPerson();
    api = await givenResourceApi({
      issuer: issuer.issuer,
      audience: client.audience,
      revocation: 'none',
    });
  });
  after(async () => {
    await api?.stop();
    await issuer?.stop();
  });

  const tokenWith = async (scope: string) =>
    (await issuer.givenAppTokens(client, person, scope)).accessToken;

  function expectInvalidToken(
    res: {status: number; headers: Headers; body: {error?: {code?: string}}},
    description: string,
  ): void {
    expect({
      status: res.status,
      code: res.body.error?.code,
      challenge: res.headers.get('www-authenticate'),
    }).to.eql({
      status: 401,
      code: 'INVALID_TOKEN',
      challenge: `Bearer error="invalid_token", error_description="The access token is ${description}"`,
    });
  }

  it('accepts a token for its audience with the route’s scope, and tells who called', async () => {
    const token = await tokenWith('orders:read');
    const res = await api.call('GET', '/orders', token);
    expect(res.status).to.equal(200);
    expect(res.body.caller).to.eql({
      sub: person.id,
      client_id: client.id,
      scope: ['orders:read'],
      aud: [client.audience],
      sid: decodeJwt(token).sid,
    });
  });

  it('answers 401 with a plain Bearer challenge when no token is sent', async () => {
    for (const auth of [undefined, 'Basic dXNlcjpwYXNz', 'Token abc']) {
      const res = await fetch(`${api.url}/orders`, {
        headers: auth ? {authorization: auth} : {},
      });
      expect({
        auth,
        status: res.status,
        code: ((await res.json()) as {error: {code: string}}).error.code,
        challenge: res.headers.get('www-authenticate'),
      }).to.eql({
        auth,
        status: 401,
        code: 'AUTHENTICATION_REQUIRED',
        challenge: 'Bearer',
      });
    }
    expect((await api.call('GET', '/public')).status).to.equal(200);
  });

  it('refuses a token issued for another audience', async () => {
    // The service's own page's token: genuine, but for `web`.
    expectInvalidToken(
      await api.call('GET', '/whoami', person.webToken),
      'not valid here (aud)',
    );
  });

  it('refuses an expired token', async () => {
    clock.advance(-3600_000);
    const token = await tokenWith('orders:read');
    clock.advance(3600_000);
    expectInvalidToken(await api.call('GET', '/orders', token), 'expired');
  });

  it('answers 403 insufficient_scope naming the scopes the route needs', async () => {
    const reader = await tokenWith('orders:read');
    const res = await api.call('POST', '/orders', reader);
    expect({
      status: res.status,
      code: res.body.error?.code,
      challenge: res.headers.get('www-authenticate'),
    }).to.eql({
      status: 403,
      code: 'INSUFFICIENT_SCOPE',
      challenge:
        'Bearer error="insufficient_scope", scope="orders:read orders:write"',
    });
    const writer = await tokenWith('orders:read orders:write');
    expect((await api.call('POST', '/orders', writer)).status).to.equal(200);
    const none = await tokenWith('profile');
    expect((await api.call('GET', '/orders', none)).status).to.equal(403);
    expect((await api.call('GET', '/whoami', none)).status).to.equal(200);
  });

  it('applies requiredScopes to routes that name none of their own', async () => {
    const strict = await givenResourceApi({
      issuer: issuer.issuer,
      audience: [client.audience, 'https://api.example.com/orders'],
      requiredScopes: ['orders:admin'],
      revocation: 'none',
      realm: 'orders',
    });
    try {
      const token = await tokenWith('orders:read');
      const res = await strict.call('GET', '/whoami', token);
      expect(res.status).to.equal(403);
      expect(res.headers.get('www-authenticate')).to.equal(
        'Bearer realm="orders", error="insufficient_scope", scope="orders:admin"',
      );
      expect((await strict.call('GET', '/orders', token)).status).to.equal(200);
      const missing = await strict.call('GET', '/orders');
      expect(missing.headers.get('www-authenticate')).to.equal(
        'Bearer realm="orders"',
      );
    } finally {
      await strict.stop();
    }
  });

  it('refuses an ID token of the same client (typ is not at+jwt)', async () => {
    const codeTokens = await issuer.givenAppTokens(
      client,
      person,
      'openid orders:read',
    );
    expect(codeTokens.idToken).to.be.a.String();
    expect(decodeJwt(codeTokens.idToken!).aud).to.equal(client.id);
    expectInvalidToken(
      await api.call('GET', '/whoami', codeTokens.idToken),
      'not valid here (typ)',
    );
  });

  it('refuses forged tokens: alg none, HS256 keyed with the public key, another key, changed claims', async () => {
    const token = await tokenWith('orders:read');
    expect((await api.call('GET', '/orders', token)).status).to.equal(200);
    const forged = await forgeriesOf(token, issuer.issuer);
    for (const [name, forgery] of Object.entries(forged)) {
      const res = await api.call('GET', '/orders', forgery);
      expect({name, status: res.status, code: res.body.error?.code}).to.eql({
        name,
        status: 401,
        code: 'INVALID_TOKEN',
      });
    }
  });
});
