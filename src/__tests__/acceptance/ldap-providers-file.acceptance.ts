import {expect} from '@loopback/testlab';
import path from 'node:path';
import {givenRunningApp, RunningApp} from '../fixtures/app';
import {FIXTURES} from '../fixtures/providers-config';

/**
 * Done when (issue 13): a LoopBack 3 providers.json with facebook, google
 * and ldap entries starts unchanged, and the page learns which entry wants
 * a password form.
 */
describe('LoopBack 3 providers.json with an LDAP entry (acceptance)', () => {
  let running: RunningApp;
  const saved = process.env.LDAP_BIND_PASSWORD;

  before(async () => {
    process.env.LDAP_BIND_PASSWORD = 'from-the-environment';
    running = await givenRunningApp({
      PROVIDERS_FILE: path.join(FIXTURES, 'lb3-enterprise-providers.json'),
    });
  });
  after(async () => {
    await running?.app.stop();
    if (saved === undefined) delete process.env.LDAP_BIND_PASSWORD;
    else process.env.LDAP_BIND_PASSWORD = saved;
  });

  it('starts, and lists each entry with its kind', async () => {
    const res = await running.client.get('/auth/providers').expect(200);
    expect(
      res.body.map((p: Record<string, unknown>) => [
        p.name,
        p.kind,
        p.authPath,
      ]),
    ).to.eql([
      ['facebook-login', 'redirect', '/auth/facebook'],
      ['google-login', 'redirect', '/auth/google'],
      ['ldap', 'password', '/auth/ldap/login'],
    ]);
  });
});
