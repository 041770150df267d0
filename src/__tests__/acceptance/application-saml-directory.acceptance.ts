import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {
  accountsOf,
  exchangeTenantCode,
  givenTenant,
  landingOf,
  putDirectory,
  startTenantLogin,
  Tenant,
} from '../fixtures/app-directory';
import {Caller, givenCaller} from '../fixtures/applications';
import {StartedFlow} from '../fixtures/provider-flows';
import {
  AssertionFacts,
  encoded,
  givenSigningKey,
  responseXml,
  signed,
  SigningKey,
} from '../fixtures/saml-forge';
import {
  givenSamlWorld,
  goodFacts,
  IDP_ENTRY_POINT,
  postToAcs,
  SamlWorld,
  samlSignIn,
} from '../fixtures/saml-world';

const OWN_ENTRY_POINT = 'http://127.0.0.1:9/tenant-idp/sso';
const OWN_ISSUER = 'https://tenant-idp.test/metadata';

/**
 * An application brings its own SAML IdP for the entry `corp` (issue 13):
 * its users go to that IdP and no other, only that IdP's signature counts
 * for its flows, and what that IdP says is trusted for that application
 * only. The entry trusts its own IdP's emails and maps its group `admins`
 * to the admin role, so each refusal below is the application's scope at
 * work, not the entry's settings.
 */
describe('Per-application SAML IdP (acceptance)', function (this: Mocha.Suite) {
  this.timeout(30000);
  let world: SamlWorld;
  let owner: Caller;
  let ownIdp: SigningKey;

  before(async () => {
    world = await givenSamlWorld({
      trustEmail: true,
      autoLinkByEmail: true,
      rolesFromGroups: {admins: 'admin'},
    });
    owner = await givenCaller(world.running.app);
    ownIdp = givenSigningKey('tenant-idp.test');
  });
  after(() => world.running.app.stop());

  /** An application of `owner` with `ownIdp` as its IdP for `corp`. */
  async function givenTenantWithIdp(): Promise<Tenant> {
    const tenant = await givenTenant(world.client, owner);
    await putDirectory(world.client, owner, tenant, 'corp', {
      entryPoint: OWN_ENTRY_POINT,
      cert: ownIdp.cert,
      idpIssuer: OWN_ISSUER,
    }).expect(200);
    return tenant;
  }

  /** Answers `flow` with an assertion signed by `key`; where the browser lands. */
  async function answer(
    tenant: Tenant,
    flow: StartedFlow,
    key: SigningKey,
    facts: Partial<AssertionFacts>,
  ): Promise<URL> {
    const xml = responseXml(goodFacts(world, flow, facts));
    const res = await postToAcs(
      world,
      flow,
      encoded(signed(xml, key, 'Assertion')),
    ).expect(302);
    return landingOf(res, tenant);
  }

  /** A whole sign-in of `tenant`'s user through its own IdP. */
  async function tenantSignIn(tenant: Tenant, facts: Partial<AssertionFacts>) {
    const flow = await startTenantLogin(world.client, 'corp', tenant);
    const landed = await answer(tenant, flow, ownIdp, {
      issuer: OWN_ISSUER,
      ...facts,
    });
    return exchangeTenantCode(world.client, tenant, landed, flow);
  }

  it("sends the application's users to its own IdP only, and others to the entry's", async () => {
    const tenant = await givenTenantWithIdp();
    const own = await startTenantLogin(world.client, 'corp', tenant);
    const ownUrl = new URL(own.url);
    expect(ownUrl.origin + ownUrl.pathname).to.equal(OWN_ENTRY_POINT);
    const plain = await givenTenant(world.client, owner);
    const other = new URL(
      (await startTenantLogin(world.client, 'corp', plain)).url,
    );
    expect(other.origin + other.pathname).to.equal(IDP_ENTRY_POINT);
  });

  it("refuses the entry's IdP's signature for the application's flow, and the application's IdP's for others", async () => {
    const tenant = await givenTenantWithIdp();
    const plain = await givenTenant(world.client, owner);
    const accounts = await accountsOf(world.running.app);
    const before = await accounts.count();
    const forTenant = await startTenantLogin(world.client, 'corp', tenant);
    const refusedGlobal = await answer(tenant, forTenant, world.idp, {
      issuer: OWN_ISSUER,
    });
    const forPlain = await startTenantLogin(world.client, 'corp', plain);
    const refusedOwn = await answer(plain, forPlain, ownIdp, {});
    for (const landed of [refusedGlobal, refusedOwn]) {
      expect(landed.searchParams.get('code')).to.be.null();
      expect(landed.searchParams.get('error')).to.equal('provider_error');
    }
    expect(await accounts.count()).to.eql(before);
  });

  it("keeps the application's users apart: same NameID, another account; no email taken; no role from groups", async () => {
    const nameID = `shared-${randomUUID()}`;
    const groups = ['admins'];
    const global = await samlSignIn(world, {
      nameID,
      attributes: {email: `${nameID}@corp.test`, groups},
    });
    const accounts = await accountsOf(world.running.app);
    const globalUser = await accounts.user(global.user_id);
    // The entry's own IdP: verified email, admin from its group.
    expect(globalUser.emailVerified).to.be.true();
    expect(globalUser.roles).to.containEql('admin');

    const tenant = await givenTenantWithIdp();
    const own = await tenantSignIn(tenant, {
      nameID,
      attributes: {email: `${nameID}@tenant.test`, groups},
    });
    expect(own.user_id).to.not.equal(global.user_id);
    const ownUser = await accounts.user(own.user_id);
    expect(ownUser.email).to.be.undefined();
    expect(ownUser.emailVerified).to.be.false();
    expect(ownUser.roles ?? []).to.not.containEql('admin');
    const [identity] = await accounts.identitiesOf(own.user_id);
    expect(identity!.externalId).to.equal(`${tenant.id}/${nameID}`);
    expect(identity!.applicationId).to.equal(tenant.id);
  });

  it('never signs into an existing account by its email: ACCOUNT_EXISTS, nothing written', async () => {
    const nameID = `victim-${randomUUID()}`;
    const email = `${nameID}@corp.test`;
    await samlSignIn(world, {nameID, attributes: {email}});
    const tenant = await givenTenantWithIdp();
    const accounts = await accountsOf(world.running.app);
    const before = await accounts.count();
    const flow = await startTenantLogin(world.client, 'corp', tenant);
    const landed = await answer(tenant, flow, ownIdp, {
      issuer: OWN_ISSUER,
      nameID: `attacker-${randomUUID()}`,
      attributes: {email},
    });
    expect(landed.searchParams.get('error')).to.equal('account_exists');
    expect(landed.searchParams.get('code')).to.be.null();
    expect(await accounts.count()).to.eql(before);
  });

  it("restores the entry's IdP for the application once its own is deleted", async () => {
    const tenant = await givenTenantWithIdp();
    await world.client
      .del(`/applications/${tenant.id}/credentials/corp`)
      .set('Authorization', owner.auth)
      .expect(204);
    const flow = await startTenantLogin(world.client, 'corp', tenant);
    const url = new URL(flow.url);
    expect(url.origin + url.pathname).to.equal(IDP_ENTRY_POINT);
    const refused = await answer(tenant, flow, ownIdp, {issuer: OWN_ISSUER});
    expect(refused.searchParams.get('error')).to.equal('provider_error');

    const nameID = `back-${randomUUID()}`;
    const global = await samlSignIn(world, {nameID});
    const again = await startTenantLogin(world.client, 'corp', tenant);
    const landed = await answer(tenant, again, world.idp, {nameID});
    const tokens = await exchangeTenantCode(
      world.client,
      tenant,
      landed,
      again,
    );
    // The entry's IdP again: its identity, its account.
    expect(tokens.user_id).to.equal(global.user_id);
  });
});
