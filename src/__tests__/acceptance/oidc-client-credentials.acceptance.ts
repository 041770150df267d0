import {expect} from '@loopback/testlab';
import * as oauth from 'oauth4webapi';
import * as oidc from 'openid-client';
import {RunningApp} from '../fixtures/app';
import {givenWebApp} from '../fixtures/browser';
import {ADMIN_ENV, claimsOf, givenPerson, Person} from '../fixtures/oidc';
import {
  basicOf,
  callApi,
  callAsAdmin,
  configFor,
  givenApp,
  givenResource,
  postOAuth,
  TestApp,
  TestResource,
} from '../fixtures/resource-servers';

// A server calling an API as itself (RFC 6749 §4.4), with unmodified
// openid-client 6 and oauth4webapi 3 knowing only the issuer URL.
describe('OpenID Provider: client credentials (acceptance)', () => {
  let running: RunningApp;
  let base: string;
  let owner: Person;
  let orders: TestResource;
  let worker: TestApp;

  before(async () => {
    running = await givenWebApp(ADMIN_ENV);
    base = running.config.baseUrl;
    owner = await givenPerson(base);
    orders = await givenResource(base, {accessTokenTtl: 300});
    // As the README registers one: a machine needs no redirect URI.
    worker = await givenApp(base, owner, {
      type: 'confidential',
      redirectUris: [],
      grantTypes: ['client_credentials'],
      scopes: ['orders:read'],
    });
  });
  after(() => running?.app.stop());

  it('lists client_credentials in the discovery metadata', async () => {
    const config = await configFor(base, worker);
    const metadata = config.serverMetadata();
    expect(metadata.grant_types_supported).to.containEql('client_credentials');
    expect(metadata.introspection_endpoint_auth_methods_supported).to.eql([
      'client_secret_basic',
      'client_secret_post',
    ]);
  });

  it('gives a token for the resource named, with the scopes the application may get there (openid-client)', async () => {
    const config = await configFor(base, worker);
    const tokens = await oidc.clientCredentialsGrant(config, {
      scope: 'orders:read orders:write openid',
      resource: orders.identifier,
    });
    // orders:write is not the application's; openid is a user's.
    expect(tokens.scope).to.equal('orders:read');
    expect(tokens.refresh_token).to.be.undefined();
    expect(tokens.expires_in).to.equal(300);
    const claims = claimsOf(tokens.access_token);
    expect(claims).to.containDeep({
      iss: base,
      sub: worker.clientId,
      client_id: worker.clientId,
      aud: orders.identifier,
      scope: 'orders:read',
    });
    expect((claims.exp as number) - (claims.iat as number)).to.equal(300);
    expect(claims).to.not.have.properties('sid', 'auth_time', 'amr');
  });

  it('asks every scope the application may get when none is asked, and is for the client without resource (oauth4webapi)', async () => {
    const as = await oauth.processDiscoveryResponse(
      new URL(base),
      await oauth.discoveryRequest(new URL(base), {
        [oauth.allowInsecureRequests]: true,
      }),
    );
    const client: oauth.Client = {client_id: worker.clientId};
    const auth = oauth.ClientSecretBasic(worker.clientSecret!);
    const request = (params: Record<string, string>) =>
      oauth
        .clientCredentialsGrantRequest(as, client, auth, params, {
          [oauth.allowInsecureRequests]: true,
        })
        .then(res => oauth.processClientCredentialsResponse(as, client, res));
    const named = await request({resource: orders.identifier});
    expect(named.scope).to.equal('orders:read');
    const unnamed = await request({});
    // No resource named: no resource scope, the client is the audience.
    expect(unnamed.scope).to.be.undefined();
    expect(claimsOf(unnamed.access_token)).to.containDeep({
      aud: worker.clientId,
      sub: worker.clientId,
    });
    expect(unnamed.expires_in).to.equal(900);
  });

  it('never lets such a token act as a user on the service’s own API', async () => {
    const own = await postOAuth(
      base,
      '/auth/token',
      {grant_type: 'client_credentials'},
      basicOf(worker),
    );
    const forOrders = await postOAuth(
      base,
      '/auth/token',
      {grant_type: 'client_credentials', resource: orders.identifier},
      basicOf(worker),
    );
    const token = own.body.access_token as string;
    for (const path of ['/users/me', '/sessions']) {
      expect(await callApi(base, path, token)).to.eql({
        status: 403,
        code: 'USER_TOKEN_REQUIRED',
      });
      // A token for another API is no token here at all.
      expect(
        await callApi(base, path, forOrders.body.access_token as string),
      ).to.eql({status: 401, code: 'INVALID_TOKEN'});
    }
    const info = await fetch(`${base}/oauth/userinfo`, {
      headers: {authorization: `Bearer ${token}`},
    });
    expect(info.status).to.equal(401);
    expect(((await info.json()) as {error: string}).error).to.equal(
      'invalid_token',
    );
  });

  it('refuses public clients, unregistered grants, unknown resources and wrong secrets', async () => {
    const cc = {grant_type: 'client_credentials'};
    const spa = await givenApp(base, owner, {});
    const publicAsk = await postOAuth(base, '/auth/token', {
      ...cc,
      client_id: spa.clientId,
    });
    expect(publicAsk).to.containDeep({
      status: 400,
      body: {error: 'unauthorized_client'},
    });
    const web = await givenApp(base, owner, {type: 'confidential'});
    const notRegistered = await postOAuth(
      base,
      '/auth/token',
      cc,
      basicOf(web),
    );
    expect(notRegistered).to.containDeep({
      status: 400,
      body: {error: 'unauthorized_client'},
    });
    for (const resource of ['https://unknown.example.com/api', base]) {
      const unknown = await postOAuth(
        base,
        '/auth/token',
        {...cc, resource},
        basicOf(worker),
      );
      expect(unknown).to.containDeep({
        status: 400,
        body: {error: 'invalid_target'},
      });
    }
    const two = await postOAuth(
      base,
      '/auth/token',
      {...cc, resource: [orders.identifier, orders.identifier + '/x']},
      basicOf(worker),
    );
    expect(two.body.error).to.equal('invalid_target');
    const wrong = await postOAuth(
      base,
      '/auth/token',
      cc,
      basicOf({...worker, clientSecret: 'wrong'}),
    );
    expect(wrong).to.containDeep({
      status: 401,
      body: {error: 'invalid_client'},
    });
  });

  it('does not revoke an application’s own token, and refuses another client’s', async () => {
    const config = await configFor(base, worker);
    const {access_token: token} = await oidc.clientCredentialsGrant(config);
    const own = await postOAuth(base, '/auth/revoke', {token}, basicOf(worker));
    expect(own).to.containDeep({
      status: 400,
      body: {error: 'unsupported_token_type'},
    });
    const other = await givenApp(base, owner, {type: 'confidential'});
    const foreign = await postOAuth(
      base,
      '/auth/revoke',
      {token},
      basicOf(other),
    );
    expect(foreign).to.containDeep({
      status: 400,
      body: {error: 'unauthorized_client'},
    });
    // An invalid token still tells nothing.
    const junk = await postOAuth(
      base,
      '/auth/revoke',
      {token: `${token}x`},
      basicOf(other),
    );
    expect(junk.status).to.equal(200);
  });

  it('lets an admin name a resource’s server only among confidential applications', async () => {
    const spa = await givenApp(base, owner, {});
    for (const applicationId of [spa.clientId, 'no-such-application']) {
      const res = await callAsAdmin(base, 'PATCH', `/resources/${orders.id}`, {
        applicationId,
      });
      expect(res.status).to.equal(422);
      expect((res.body.error as {code: string}).code).to.equal(
        'INVALID_RESOURCE',
      );
    }
    const self = await callAsAdmin(base, 'POST', '/resources', {
      identifier: base,
      name: 'Itself',
    });
    expect((self.body.error as {code: string}).code).to.equal(
      'INVALID_RESOURCE',
    );
    const server = await givenApp(base, owner, {type: 'confidential'});
    const set = await callAsAdmin(base, 'PATCH', `/resources/${orders.id}`, {
      applicationId: server.clientId,
    });
    expect(set.body.applicationId).to.equal(server.clientId);
    const cleared = await callAsAdmin(
      base,
      'PATCH',
      `/resources/${orders.id}`,
      {applicationId: null},
    );
    expect(cleared.body).to.not.have.property('applicationId');
  });
});
