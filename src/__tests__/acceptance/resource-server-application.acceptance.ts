import {expect} from '@loopback/testlab';
import {RunningApp} from '../fixtures/app';
import {givenWebApp} from '../fixtures/browser';
import {ADMIN_ENV, callJson, givenPerson} from '../fixtures/oidc';
import {
  callAsAdmin,
  givenApp,
  givenResource,
} from '../fixtures/resource-servers';

// A Resource names the confidential application its API introspects as;
// when that application goes, the Resource no longer names it.
describe('Resource server application removed (acceptance)', () => {
  let running: RunningApp;
  let base: string;

  before(async () => {
    running = await givenWebApp(ADMIN_ENV);
    base = running.config.baseUrl;
  });
  after(() => running?.app.stop());

  it('clears applicationId of the resources an application served when it is deleted', async () => {
    const owner = await givenPerson(base);
    const server = await givenApp(base, owner, {type: 'confidential'});
    const other = await givenApp(base, owner, {type: 'confidential'});
    const served = await givenResource(base, {applicationId: server.clientId});
    const kept = await givenResource(base, {applicationId: other.clientId});

    const login = await callJson(base, 'POST', '/auth/login', {
      body: {login: owner.email, password: owner.password},
    });
    const removed = await callJson(
      base,
      'DELETE',
      `/applications/${server.clientId}`,
      {token: login.body.access_token as string},
    );
    expect(removed.status).to.equal(204);

    const after = await callAsAdmin(base, 'GET', `/resources/${served.id}`);
    expect(after.status).to.equal(200);
    expect(after.body.applicationId ?? null).to.be.null();
    const untouched = await callAsAdmin(base, 'GET', `/resources/${kept.id}`);
    expect(untouched.body.applicationId).to.equal(other.clientId);
  });
});
