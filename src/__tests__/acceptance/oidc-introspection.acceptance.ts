import {expect} from '@loopback/testlab';
import * as oidc from 'openid-client';
import {RunningApp} from '../fixtures/app';
import {givenWebApp} from '../fixtures/browser';
import {ManualClock} from '../fixtures/manual-clock';
import {
  ADMIN_ENV,
  callJson,
  CookieJar,
  givenPerson,
  Person,
  signInThrough,
} from '../fixtures/oidc';
import {
  basicOf,
  configFor,
  givenApp,
  givenResource,
  postOAuth,
  TestApp,
  TestResource,
} from '../fixtures/resource-servers';

// Protecting an API with introspection (RFC 7662): the API authenticates as
// the confidential application an admin named for its Resource, and learns
// about the tokens meant for it, and only those.
describe('OpenID Provider: introspection for resource servers (acceptance)', () => {
  const clock = new ManualClock(Date.now());
  let running: RunningApp;
  let base: string;
  let owner: Person;
  let orders: TestResource;
  let ordersApi: TestApp;
  let worker: TestApp;

  before(async () => {
    running = await givenWebApp(ADMIN_ENV, {clock});
    base = running.config.baseUrl;
    owner = await givenPerson(base);
    ordersApi = await givenApp(base, owner, {type: 'confidential'});
    orders = await givenResource(base, {
      accessTokenTtl: 3600,
      applicationId: ordersApi.clientId,
    });
    worker = await givenApp(base, owner, {
      type: 'confidential',
      grantTypes: ['client_credentials'],
      scopes: ['orders:read'],
    });
  });
  after(() => running?.app.stop());

  async function workerToken(resource?: string): Promise<string> {
    const config = await configFor(base, worker);
    const params: Record<string, string> = resource ? {resource} : {};
    return (await oidc.clientCredentialsGrant(config, params)).access_token;
  }

  async function introspect(as: TestApp, token: string) {
    return oidc.tokenIntrospection(await configFor(base, as), token);
  }

  it('describes a token for the API to the API (openid-client)', async () => {
    const token = await workerToken(orders.identifier);
    const answer = await introspect(ordersApi, token);
    expect(answer).to.containDeep({
      active: true,
      scope: 'orders:read',
      client_id: worker.clientId,
      sub: worker.clientId,
      aud: orders.identifier,
      iss: base,
      token_type: 'Bearer',
    });
    expect(answer.exp! - answer.iat!).to.equal(3600);
  });

  it('answers {active: false} to anyone the token is not meant for', async () => {
    const forOrders = await workerToken(orders.identifier);
    const other = await givenApp(base, owner, {type: 'confidential'});
    expect(await introspect(other, forOrders)).to.eql({active: false});
    // Its own client: the token is the Orders API's, not the worker's.
    expect(await introspect(worker, forOrders)).to.eql({active: false});
    // The worker's token for itself is the worker's to introspect.
    const own = await workerToken();
    expect((await introspect(worker, own)).active).to.be.true();
    expect(await introspect(ordersApi, own)).to.eql({active: false});
    expect(await introspect(ordersApi, 'junk')).to.eql({active: false});
  });

  it('refuses public clients with invalid_client', async () => {
    const spa = await givenApp(base, owner, {});
    const token = await workerToken(orders.identifier);
    const res = await postOAuth(base, '/auth/introspect', {
      token,
      client_id: spa.clientId,
    });
    expect(res).to.containDeep({status: 401, body: {error: 'invalid_client'}});
    const anonymous = await postOAuth(base, '/auth/introspect', {token});
    expect(anonymous.status).to.equal(401);
  });

  it('stops an application’s own tokens when the application is disabled', async () => {
    const disposable = await givenApp(base, owner, {
      type: 'confidential',
      grantTypes: ['client_credentials'],
      scopes: ['orders:read'],
    });
    const form = {
      grant_type: 'client_credentials',
      resource: orders.identifier,
    };
    const issued = await postOAuth(
      base,
      '/auth/token',
      form,
      basicOf(disposable),
    );
    const token = issued.body.access_token as string;
    expect((await introspect(ordersApi, token)).active).to.be.true();
    const login = await callJson(base, 'POST', '/auth/login', {
      body: {login: owner.email, password: owner.password},
    });
    const disabled = await callJson(
      base,
      'PATCH',
      `/applications/${disposable.clientId}`,
      {token: login.body.access_token as string, body: {disabled: true}},
    );
    expect(disabled.status).to.equal(200);
    expect(await introspect(ordersApi, token)).to.eql({active: false});
  });

  it('describes a person’s token for the API, and remembers its revocation as long as it lives', async () => {
    const person = await givenPerson(base);
    const spa = await givenApp(base, owner, {scopes: ['orders:read']});
    const {tokens} = await signInThrough(base, new CookieJar(), person, spa, {
      scope: 'openid orders:read offline_access',
      resource: orders.identifier,
    });
    const token = tokens.access_token as string;
    expect(await introspect(ordersApi, token)).to.containDeep({
      active: true,
      sub: person.id,
      client_id: spa.clientId,
      aud: orders.identifier,
      scope: 'orders:read',
    });
    const revoked = await postOAuth(base, '/auth/revoke', {
      token: tokens.refresh_token as string,
      client_id: spa.clientId,
    });
    expect(revoked.status).to.equal(200);
    expect(await introspect(ordersApi, token)).to.eql({active: false});
    // Past the default lifetime (15 min), the 1-hour token is still dead.
    clock.advance(20 * 60_000);
    expect(await introspect(ordersApi, token)).to.eql({active: false});
    clock.advance(41 * 60_000);
    expect(await introspect(ordersApi, token)).to.eql({active: false});
  });
});
