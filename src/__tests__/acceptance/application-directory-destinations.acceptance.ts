import {expect} from '@loopback/testlab';
import {
  DestinationGuard,
  HostLookup,
} from '../../services/platform/destination-guard.service';
import {PlatformBindings} from '../../services/platform/keys';
import {givenDataDir, givenRunningApp, RunningApp} from '../fixtures/app';
import {
  givenTenant,
  putDirectory,
  storedCredentials,
  Tenant,
} from '../fixtures/app-directory';
import {
  Caller,
  givenCaller,
  givenProvidersFile,
} from '../fixtures/applications';
import {directoryLogin, givenLdapEntry} from '../fixtures/directory-app';
import {givenDirectoryPerson} from '../fixtures/directory-link';
import {requireSlapd, Slapd} from '../fixtures/slapd';

/**
 * An application's own LDAP server is a place the service connects to on
 * the application's say-so: never inside the operator's network (here
 * slapd on loopback) unless APPLICATION_DIRECTORY_HOSTS allows it, both
 * when the application saves it and at each sign-in.
 */
describe('Application directories inside the operator network (acceptance)', function (this: Mocha.Suite) {
  this.timeout(30000);
  let slapd: Slapd;
  let providersFile: string;
  const running: RunningApp[] = [];

  before(startDirectory);
  async function startDirectory(this: Mocha.Context): Promise<void> {
    requireSlapd(this);
    slapd = await Slapd.start();
    providersFile = givenProvidersFile({corp: givenLdapEntry(slapd)});
  }
  afterEach(async () => {
    await Promise.all(running.splice(0).map(r => r.app.stop()));
  });
  after(() => slapd?.remove());

  /** The service on `dataDir`, with APPLICATION_DIRECTORY_HOSTS = `allowed`. */
  async function givenService(dataDir: string, allowed?: string) {
    const started = await givenRunningApp({
      PROVIDERS_FILE: providersFile,
      DATA_DIR: dataDir,
      ...(allowed ? {APPLICATION_DIRECTORY_HOSTS: allowed} : {}),
    });
    running.push(started);
    return started;
  }

  /** The entry's server, reached over TLS at `url` (slapd's own CA). */
  function serverAt(url: string) {
    const {server} = givenLdapEntry(slapd) as {server: object};
    return {server: {...server, url, tlsOptions: {ca: slapd.ca}}};
  }

  const tlsPort = () => new URL(slapd.tlsUrl).port;

  async function givenTenantOf(service: RunningApp) {
    const owner: Caller = await givenCaller(service.app);
    return {owner, tenant: await givenTenant(service.client, owner)};
  }

  function signIn(service: RunningApp, tenant: Tenant, status: number) {
    const someone = givenDirectoryPerson(slapd, 'tenant');
    return directoryLogin(
      service.client,
      'corp',
      {username: someone.uid, password: someone.password, client_id: tenant.id},
      status,
    );
  }

  it('refuses to save a server on a loopback address without the allow-list, naming server.url', async () => {
    const service = await givenService(givenDataDir());
    const {owner, tenant} = await givenTenantOf(service);
    for (const url of [
      slapd.tlsUrl,
      `ldaps://2130706433:${tlsPort()}`,
      `ldaps://0x7f.1:${tlsPort()}`,
      `ldaps://[::ffff:127.0.0.1]:${tlsPort()}`,
      `ldaps://localhost.:${tlsPort()}`,
      'ldaps://169.254.169.254',
    ]) {
      const res = await putDirectory(
        service.client,
        owner,
        tenant,
        'corp',
        serverAt(url),
      );
      expect({url, status: res.status}).to.eql({url, status: 422});
      expect(res.body.error.code).to.equal('DIRECTORY_HOST_NOT_ALLOWED');
      expect(res.body.error.details.map((d: {path: string}) => d.path)).to.eql([
        'server.url',
      ]);
    }
    expect(
      await storedCredentials(service.app, tenant, 'corp'),
    ).to.be.undefined();
  });

  it('with the operator allowing it, saves the server and signs its users in', async () => {
    const service = await givenService(givenDataDir(), '127.0.0.1');
    const {owner, tenant} = await givenTenantOf(service);
    await putDirectory(
      service.client,
      owner,
      tenant,
      'corp',
      serverAt(slapd.tlsUrl),
    ).expect(200);
    const signedIn = await signIn(service, tenant, 200);
    expect(signedIn.access_token).to.be.a.String();
  });

  it('refuses at sign-in a name that resolves to loopback once the allow-list is gone, though saved under it', async () => {
    const dataDir = givenDataDir();
    const before = await givenService(dataDir, 'localhost');
    const {owner, tenant} = await givenTenantOf(before);
    await putDirectory(
      before.client,
      owner,
      tenant,
      'corp',
      serverAt(`ldaps://localhost:${tlsPort()}`),
    ).expect(200);
    // Pinned to the checked address, TLS still checks the name localhost.
    await signIn(before, tenant, 200);
    await before.app.stop();
    running.splice(running.indexOf(before), 1);

    const after = await givenService(dataDir);
    // PROVIDER_ERROR: a 5xx body names no code. Before the fix: 200.
    const refused = await signIn(after, tenant, 502);
    expect(refused.error).to.eql({statusCode: 502, message: 'Bad Gateway'});
  });

  it('answers DIRECTORY_UNAVAILABLE within the connect timeout when the name never resolves, as for a missing name', async () => {
    const service = await givenService(givenDataDir());
    const lookup: HostLookup = host =>
      host === 'slow.tenant.test'
        ? new Promise(() => {})
        : Promise.reject(new Error(`${host}: ENOTFOUND`));
    service.app
      .bind(PlatformBindings.DESTINATION_GUARD)
      .to(new DestinationGuard(service.config, lookup));
    const answers = [];
    for (const host of ['slow.tenant.test', 'missing.tenant.test']) {
      const {owner, tenant} = await givenTenantOf(service);
      const url = `ldaps://${host}:${tlsPort()}`;
      const server = {...serverAt(url).server, connectTimeout: 300};
      await putDirectory(service.client, owner, tenant, 'corp', {
        server,
      }).expect(200);
      const started = Date.now();
      const {error} = await signIn(service, tenant, 503);
      answers.push({code: error.code, message: error.message});
      expect(Date.now() - started).to.be.below(3000);
    }
    expect(answers[0]).to.eql(answers[1]);
    expect(answers[0]!.code).to.equal('DIRECTORY_UNAVAILABLE');
  });
});
