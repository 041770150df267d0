import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import path from 'node:path';
import {RunningApp} from '../fixtures/app';
import {
  directoryLogin,
  givenDirectoryApp,
  givenLdapEntry,
} from '../fixtures/directory-app';
import {requireSlapd, Slapd} from '../fixtures/slapd';
import {PEOPLE_OF} from '../fixtures/slapd-data';

const {alice, bob, erin} = PEOPLE_OF;

/**
 * LDAPS and StartTLS with the CA the entry names (a PEM string or a file):
 * the directory's certificate must chain to it, or the sign-in fails closed
 * before any password leaves the service.
 */
describe('LDAP over TLS (acceptance)', function (this: Mocha.Suite) {
  this.timeout(30000);
  let slapd: Slapd;
  let running: RunningApp;

  before(startDirectory);
  async function startDirectory(this: Mocha.Context): Promise<void> {
    requireSlapd(this);
    slapd = await Slapd.start();
    const caFile = path.join(slapd.dir, 'entry-ca.pem');
    fs.writeFileSync(caFile, slapd.ca);
    const tls = (server: object) => givenLdapEntry(slapd, {server});
    running = await givenDirectoryApp({
      ldaps: tls({url: slapd.tlsUrl, tlsOptions: {ca: slapd.ca}}),
      'ldaps-file': tls({url: slapd.tlsUrl, tlsOptions: {caFile}}),
      'ldaps-other-ca': tls({
        url: slapd.tlsUrl,
        tlsOptions: {ca: slapd.otherCa},
      }),
      'ldaps-system-ca': tls({url: slapd.tlsUrl}),
      starttls: tls({starttls: true, tlsOptions: {ca: [slapd.ca]}}),
      'starttls-other-ca': tls({
        starttls: true,
        tlsOptions: {ca: slapd.otherCa},
      }),
    });
  }
  after(async () => {
    await running?.app.stop();
    await slapd?.remove();
  });

  const credentials = {username: bob.uid, password: bob.password};
  // Each entry is a directory of its own: one person per entry, so no
  // second entry meets an account the first created (ACCOUNT_EXISTS).
  const people = {ldaps: bob, 'ldaps-file': alice, starttls: erin};

  for (const [name, who] of Object.entries(people)) {
    it(`signs in over ${name} with the entry's CA`, async () => {
      const body = await directoryLogin(
        running.client,
        name,
        {username: who.uid, password: who.password},
        200,
      );
      expect(body.access_token).to.be.a.String();
    });
  }

  for (const name of [
    'ldaps-other-ca',
    'ldaps-system-ca',
    'starttls-other-ca',
  ]) {
    it(`fails closed over ${name}: DIRECTORY_UNAVAILABLE`, async () => {
      const body = await directoryLogin(running.client, name, credentials, 503);
      expect(body.error.code).to.equal('DIRECTORY_UNAVAILABLE');
    });
  }
});
