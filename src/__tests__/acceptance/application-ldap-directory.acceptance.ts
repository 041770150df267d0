import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {RunningApp} from '../fixtures/app';
import {
  accountsOf,
  givenTenant,
  putDirectory,
  storedCredentials,
  Tenant,
} from '../fixtures/app-directory';
import {Caller, givenCaller, ResponseLog} from '../fixtures/applications';
import {
  directoryLogin,
  DirectoryAnswer,
  givenDirectoryApp,
  givenLdapEntry,
} from '../fixtures/directory-app';
import {givenUser, GOOD_PASSWORD} from '../fixtures/guard';
import {requireSlapd, SERVICE_DN, Slapd, SUFFIX} from '../fixtures/slapd';
import {EDITORS_DN, PEOPLE_OF} from '../fixtures/slapd-data';

const {alice} = PEOPLE_OF;
/** The tenant directory's own service-account password and users. */
const TENANT_READER = 'tenant-reader-secret-7f3a';
const TENANT_ALICE = 'alice-tenant-pw';
const ZOE = {uid: 'zoe', password: 'zoe-tenant-pw'};
const MALLORY = {uid: 'mallory', password: 'mallory-tenant-pw'};

/** The tenant's directory: alice (another password and email), zoe (editors), mallory. */
function tenantLdif(): string {
  const person = (uid: string, password: string, mail: string) =>
    `dn: uid=${uid},ou=people,${SUFFIX}\nobjectClass: inetOrgPerson\nuid: ${uid}\ncn: ${uid}\nsn: ${uid}\nmail: ${mail}\nuserPassword: ${password}\n`;
  return [
    `dn: cn=reader,${SUFFIX}\nchangetype: modify\nreplace: userPassword\nuserPassword: ${TENANT_READER}\n`,
    `dn: ${alice.dn}\nchangetype: modify\nreplace: userPassword\nuserPassword: ${TENANT_ALICE}\n-\nreplace: mail\nmail: alice@tenant.test\n`,
    `dn: uid=zoe,ou=people,${SUFFIX}\nchangetype: add\n${person('zoe', ZOE.password, 'zoe@tenant.test').split('\n').slice(1).join('\n')}`,
    `dn: uid=mallory,ou=people,${SUFFIX}\nchangetype: add\n${person('mallory', MALLORY.password, 'mallory@tenant.test').split('\n').slice(1).join('\n')}`,
    `dn: ${EDITORS_DN}\nchangetype: modify\nadd: member\nmember: uid=zoe,ou=people,${SUFFIX}\n`,
  ].join('\n');
}

/**
 * An application brings its own LDAP server for the entry `corp` (issue 13):
 * `POST /auth/corp/login` with its client_id asks that server and no other,
 * and what that directory says is trusted for that application only. The
 * entry trusts its own directory's emails, links by them, and maps
 * `editors` to admin, so each refusal below is the application's scope.
 */
describe('Per-application LDAP server (acceptance)', function (this: Mocha.Suite) {
  this.timeout(30000);
  let global: Slapd;
  let own: Slapd;
  let running: RunningApp;
  let owner: Caller;

  before(startDirectories);
  async function startDirectories(this: Mocha.Context): Promise<void> {
    requireSlapd(this);
    [global, own] = await Promise.all([Slapd.start(), Slapd.start()]);
    own.modify(tenantLdif());
    running = await givenDirectoryApp(
      {
        corp: givenLdapEntry(global, {
          trustEmail: true,
          autoLinkByEmail: true,
          rolesFromGroups: {[EDITORS_DN]: 'admin'},
        }),
      },
      // The tenant's slapd runs on loopback: the operator allows it.
      {APPLICATION_DIRECTORY_HOSTS: '127.0.0.1'},
    );
    owner = await givenCaller(running.app);
  }
  after(async () => {
    await running?.app.stop();
    await Promise.all([global?.remove(), own?.remove()]);
  });

  function ownServer(): object {
    const {server} = givenLdapEntry(own) as {server: Record<string, unknown>};
    return {
      server: {
        ...server,
        url: own.tlsUrl,
        bindCredentials: TENANT_READER,
        tlsOptions: {ca: own.ca},
      },
    };
  }

  async function givenTenantWithServer(log?: ResponseLog): Promise<Tenant> {
    const tenant = await givenTenant(running.client, owner);
    const put = putDirectory(
      running.client,
      owner,
      tenant,
      'corp',
      ownServer(),
    );
    await (log ? log.record(put) : put).then(res =>
      expect(res.status).to.equal(200),
    );
    return tenant;
  }

  /** Gives `who` in the application's directory the address `mail`. */
  function setMail(who: {uid: string}, mail: string): void {
    own.modify(
      `dn: uid=${who.uid},ou=people,${SUFFIX}\nchangetype: modify\nreplace: mail\nmail: ${mail}\n`,
    );
  }

  function login(
    who: {uid: string; password: string},
    clientId: string,
    status: number,
  ): Promise<DirectoryAnswer> {
    return directoryLogin(
      running.client,
      'corp',
      {username: who.uid, password: who.password, client_id: clientId},
      status,
    );
  }

  it("authenticates the application's users against its own server, and the entry's for others", async () => {
    const tenant = await givenTenantWithServer();
    await login(ZOE, tenant.id, 200);
    await login(ZOE, 'web', 401);
    await login(alice, tenant.id, 401);
    const plain = await givenTenant(running.client, owner);
    await login(alice, plain.id, 200);
  });

  it("keeps the application's users apart: same uid, another account; no email taken; no role from groups", async () => {
    const accounts = await accountsOf(running.app);
    const globalAlice = await login(alice, 'web', 200);
    const globalUser = await accounts.user(globalAlice.user_id);
    // The entry's own directory: verified email, admin from editors.
    expect(globalUser.emailVerified).to.be.true();
    expect(globalUser.roles).to.containEql('admin');

    const tenant = await givenTenantWithServer();
    const ownAlice = await login(
      {uid: alice.uid, password: TENANT_ALICE},
      tenant.id,
      200,
    );
    expect(ownAlice.user_id).to.not.equal(globalAlice.user_id);
    const [identity] = await accounts.identitiesOf(ownAlice.user_id);
    expect(identity!.externalId.startsWith(`${tenant.id}/`)).to.be.true();
    const zoe = await accounts.user((await login(ZOE, tenant.id, 200)).user_id);
    expect(zoe.email).to.be.undefined();
    expect(zoe.emailVerified).to.be.false();
    expect(zoe.roles ?? []).to.not.containEql('admin');
  });

  it('leaves the address its directory names free for its owner to sign up with', async () => {
    const email = `owner-${randomUUID()}@tenant.test`;
    setMail(MALLORY, email);
    const tenant = await givenTenantWithServer();
    const mallory = await login(MALLORY, tenant.id, 200);
    const accounts = await accountsOf(running.app);
    expect((await accounts.user(mallory.user_id)).email).to.be.undefined();
    const signUp = await running.client
      .post('/users')
      .send({email, password: GOOD_PASSWORD})
      .expect(201);
    expect(signUp.body.id).to.not.equal(mallory.user_id);
  });

  it('never signs into an existing account by its email: ACCOUNT_EXISTS, nothing written', async () => {
    const victim = await givenUser(running.app, {emailVerified: true});
    setMail(MALLORY, victim.email);
    const tenant = await givenTenantWithServer();
    const accounts = await accountsOf(running.app);
    const before = await accounts.count();
    const refused = await login(MALLORY, tenant.id, 409);
    expect(refused.error.code).to.equal('ACCOUNT_EXISTS');
    expect(await accounts.count()).to.eql(before);
  });

  it('never shows the service-account password, and stores it sealed', async () => {
    const log = new ResponseLog();
    const tenant = await givenTenantWithServer(log);
    const get = await log.record(
      running.client
        .get(`/applications/${tenant.id}/credentials/corp`)
        .set('Authorization', owner.auth),
    );
    expect(get.body.server).to.containDeep({
      url: own.tlsUrl,
      bindDn: SERVICE_DN,
      hasBindCredentials: true,
    });
    expect(get.body.server.tlsOptions.ca[0].fingerprint256).to.match(
      /^[0-9A-F:]{95}$/,
    );
    for (const path of ['/applications', `/applications/${tenant.id}`]) {
      await log.record(
        running.client.get(path).set('Authorization', owner.auth).expect(200),
      );
    }
    expect(log.size).to.equal(4);
    expect(log.contains(TENANT_READER)).to.be.false();
    const stored = await storedCredentials(running.app, tenant, 'corp');
    expect(JSON.stringify(stored)).to.not.containEql(TENANT_READER);
    // The sealed password still opens: the service account searches.
    await login(ZOE, tenant.id, 200);
  });

  it("locks guesses at the application's directory out there only, never the entry's users", async () => {
    const tenant = await givenTenantWithServer();
    for (let i = 0; i < 5; i++) {
      await login({uid: alice.uid, password: `wrong-${i}`}, tenant.id, 401);
    }
    await login({uid: alice.uid, password: TENANT_ALICE}, tenant.id, 401);
    await login(alice, 'web', 200);
  });

  it("restores the entry's server for the application once its own is deleted", async () => {
    const tenant = await givenTenantWithServer();
    await running.client
      .del(`/applications/${tenant.id}/credentials/corp`)
      .set('Authorization', owner.auth)
      .expect(204);
    await login(ZOE, tenant.id, 401);
    const viaTenant = await login(alice, tenant.id, 200);
    const viaWeb = await login(alice, 'web', 200);
    expect(viaTenant.user_id).to.equal(viaWeb.user_id);
  });
});
