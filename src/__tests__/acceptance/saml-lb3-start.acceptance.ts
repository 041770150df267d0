import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import path from 'node:path';
import {FIXTURES} from '../fixtures/providers-config';
import {
  givenIdpAndService,
  givenIdpUser,
  identityOf,
  meOf,
  SamlIdpWorld,
  signInThroughIdp,
} from '../fixtures/saml-idp-world';
import {requireSimpleSamlPhp, SimpleSamlPhp} from '../fixtures/simplesamlphp';

const sara = givenIdpUser('sara', {groups: ['staff']});

/**
 * A SAML entry as LoopBack 3 apps wrote one for passport-saml (no
 * authScheme; the IdP certificate pasted as bare base64, as passport-saml's
 * README shows it; callbackURL a path; session and redirect options).
 */
function lb3SamlEntry(idp: SimpleSamlPhp): object {
  const bareCert = idp.cert
    .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
  return {
    provider: 'saml',
    module: 'passport-saml',
    entryPoint: idp.entryPoint,
    issuer: 'passport-saml',
    cert: bareCert,
    callbackURL: '/auth/saml/callback',
    authPath: '/auth/saml',
    callbackPath: '/auth/saml/callback',
    successRedirect: '/auth/account',
    failureRedirect: '/saml',
    session: true,
    failureFlash: true,
  };
}

/**
 * Done when (issue 13): a LoopBack 3 providers.json with facebook, google,
 * ldap and saml entries starts unchanged, lists each entry with its kind,
 * and the saml entry signs in through a real IdP (SimpleSAMLphp).
 */
describe('LoopBack 3 providers.json with LDAP and SAML entries (acceptance)', function (this: Mocha.Suite) {
  this.timeout(30000);
  let world: SamlIdpWorld;
  const saved = process.env.LDAP_BIND_PASSWORD;

  before(startWorld);
  async function startWorld(this: Mocha.Context): Promise<void> {
    requireSimpleSamlPhp(this);
    process.env.LDAP_BIND_PASSWORD = 'from-the-environment';
    const lb3 = JSON.parse(
      fs.readFileSync(
        path.join(FIXTURES, 'lb3-enterprise-providers.json'),
        'utf8',
      ),
    );
    world = await givenIdpAndService(
      {users: [sara]},
      idp => ({...lb3, saml: lb3SamlEntry(idp)}),
      ['saml'],
    );
  }
  after(async () => {
    await world?.stop();
    if (saved === undefined) delete process.env.LDAP_BIND_PASSWORD;
    else process.env.LDAP_BIND_PASSWORD = saved;
  });

  it('starts, and lists the four entries with their kind', async () => {
    const res = await world.client.get('/auth/providers').expect(200);
    expect(
      res.body.map((p: Record<string, unknown>) => [
        p.name,
        p.authScheme,
        p.kind,
        p.authPath,
      ]),
    ).to.eql([
      ['facebook-login', 'oauth2', 'redirect', '/auth/facebook'],
      ['google-login', 'oauth2', 'redirect', '/auth/google'],
      ['saml', 'saml', 'redirect', '/auth/saml'],
      ['ldap', 'ldap', 'password', '/auth/ldap/login'],
    ]);
  });

  it('documents every authScheme it lists in the OpenAPI document', async () => {
    const listed = await world.client.get('/auth/providers').expect(200);
    const spec = await world.client.get('/openapi.json').expect(200);
    const schema =
      spec.body.paths['/auth/providers'].get.responses['200'].content[
        'application/json'
      ].schema.items;
    for (const entry of listed.body) {
      expect(schema.properties.authScheme.enum).to.containEql(entry.authScheme);
    }
  });

  it('signs in with the saml entry through SimpleSAMLphp', async () => {
    const tokens = await signInThroughIdp(world, sara);
    const me = await meOf(world, tokens.access_token);
    expect(me.email).to.equal(sara.mail);
    const identity = await identityOf(world, sara.persistentId);
    expect(identity?.userId).to.equal(me.id);
  });
});
