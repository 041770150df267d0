import {expect} from '@loopback/testlab';
import {ApplicationCredentialRepository} from '../../repositories';
import {APPLICATION_BIND_PURPOSE} from '../../services/applications/application-credential-store';
import {SecretBox} from '../../services/platform/secret-box.service';
import {givenDataDir, givenRunningApp, RunningApp} from '../fixtures/app';
import {givenTenant, putDirectory} from '../fixtures/app-directory';
import {givenCaller, givenProvidersFile} from '../fixtures/applications';
import {
  countAccounts,
  directoryLogin,
  givenLdapEntry,
} from '../fixtures/directory-app';
import {givenDirectoryPerson} from '../fixtures/directory-link';
import {requireSlapd, Slapd} from '../fixtures/slapd';

/**
 * An application's own directory whose service-account password was
 * sealed under another APP_SECRET: its sign-ins answer DECRYPTION_FAILED
 * naming what cannot be read, and create nobody.
 */
describe('An application directory whose bind password cannot be opened (acceptance)', function (this: Mocha.Suite) {
  this.timeout(30000);
  let slapd: Slapd;
  let service: RunningApp;

  before(startService);
  async function startService(this: Mocha.Context): Promise<void> {
    requireSlapd(this);
    slapd = await Slapd.start();
    service = await givenRunningApp({
      PROVIDERS_FILE: givenProvidersFile({corp: givenLdapEntry(slapd)}),
      DATA_DIR: givenDataDir(),
      APPLICATION_DIRECTORY_HOSTS: '127.0.0.1',
    });
  }
  after(() => service?.app.stop());
  after(() => slapd?.remove());

  it('answers DECRYPTION_FAILED (500) with the purpose, and writes no account', async () => {
    const owner = await givenCaller(service.app);
    const tenant = await givenTenant(service.client, owner);
    const {server} = givenLdapEntry(slapd) as {server: object};
    await putDirectory(service.client, owner, tenant, 'corp', {
      server: {...server, url: slapd.tlsUrl, tlsOptions: {ca: slapd.ca}},
    }).expect(200);
    const rows = await service.app.getRepository(
      ApplicationCredentialRepository,
    );
    const row = await rows.findOne({
      where: {applicationId: tenant.id, provider: 'corp'},
    });
    const stored = row!.credentials as {server: Record<string, unknown>};
    const oldBox = new SecretBox(
      'the-app-secret-before-the-operator-changed-it',
    );
    stored.server.bindCredentials = oldBox.seal('x', APPLICATION_BIND_PURPOSE);
    await rows.updateById(row!.id, {credentials: stored});

    const before = await countAccounts(service);
    const someone = givenDirectoryPerson(slapd, 'tenant');
    const answer = await directoryLogin(
      service.client,
      'corp',
      {username: someone.uid, password: someone.password, client_id: tenant.id},
      500,
    );
    expect(answer.error).to.containDeep({
      code: 'DECRYPTION_FAILED',
      details: {purpose: APPLICATION_BIND_PURPOSE},
    });
    expect(await countAccounts(service)).to.eql(before);
  });
});
