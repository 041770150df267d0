import {expect} from '@loopback/testlab';
import {UserIdentityRepository, UserRepository} from '../../repositories';
import {givenUser} from '../fixtures/guard';
import {
  clientLanding,
  givenIdpUser,
  givenSamlIdpWorld,
  identityOf,
  meOf,
  SamlIdpWorld,
  signInThroughIdp,
  spEntityIdOf,
  startAtService,
  throughIdp,
} from '../fixtures/saml-idp-world';
import {requireSimpleSamlPhp} from '../fixtures/simplesamlphp';

const alice = givenIdpUser('alice');
const bob = givenIdpUser('bob');
const carol = givenIdpUser('carol');
const dave = givenIdpUser('dave');
const tess = givenIdpUser('tess');

/**
 * Sign-in through a real SAML identity provider, Debian's SimpleSAMLphp
 * (DESIGN §10): the browser goes to the IdP, signs in there, and the IdP's
 * signed response lands at the ACS; the client exchanges the code.
 */
describe('SAML sign-in through SimpleSAMLphp (acceptance)', function (this: Mocha.Suite) {
  this.timeout(30000);
  let world: SamlIdpWorld;

  before(startWorld);
  async function startWorld(this: Mocha.Context): Promise<void> {
    requireSimpleSamlPhp(this);
    world = await givenSamlIdpWorld({
      users: [alice, bob, carol, dave, tess],
      entries: {
        corp: {},
        trusted: {trustEmail: true, autoLinkByEmail: true},
      },
    });
  }
  after(() => world?.stop());

  it('signs an IdP user in and keeps the persistent NameID as the identity', async () => {
    const tokens = await signInThroughIdp(world, alice);
    expect(tokens.access_token).to.be.a.String();
    expect(tokens.refresh_token).to.be.a.String();
    const me = await meOf(world, tokens.access_token);
    expect(me).to.containDeep({email: alice.mail, emailVerified: false});
    const identity = await identityOf(world, alice.persistentId);
    expect(identity?.userId).to.equal(me.id);
    expect(await identityOf(world, alice.uid)).to.be.null();
  });

  it('finds the same user at the next sign-in', async () => {
    const first = await signInThroughIdp(world, bob);
    const again = await signInThroughIdp(world, bob);
    expect(again.user_id).to.equal(first.user_id);
    const identities = await world.running.app.getRepository(
      UserIdentityRepository,
    );
    expect(
      await identities.count({userId: first.user_id, provider: 'corp'}),
    ).to.eql({count: 1});
  });

  it('refuses to create an account over a local one with the same email (trustEmail false)', async () => {
    const local = await givenUser(world.running.app, {
      email: carol.mail,
      emailVerified: true,
    });
    const users = await world.running.app.getRepository(UserRepository);
    const before = await users.count();

    const flow = await startAtService(world);
    const location = clientLanding(await throughIdp(world, flow, carol), flow);
    expect(location.searchParams.get('error')).to.equal('account_exists');
    expect(location.searchParams.get('code')).to.be.null();

    expect(await users.count()).to.eql(before);
    expect(await identityOf(world, carol.persistentId)).to.be.null();
    expect((await users.findById(local.id)).emailVerified).to.be.true();
  });

  it('keeps the email verified for a new user when the entry trusts the IdP (trustEmail)', async () => {
    const tokens = await signInThroughIdp(world, tess, 'trusted');
    const me = await meOf(world, tokens.access_token);
    expect(me).to.containDeep({email: tess.mail, emailVerified: true});
  });

  it('links to the verified local account when the entry trusts the email and allows it', async () => {
    const local = await givenUser(world.running.app, {
      email: dave.mail,
      emailVerified: true,
    });
    const tokens = await signInThroughIdp(world, dave, 'trusted');
    expect(tokens.user_id).to.equal(local.id);
    const identity = await identityOf(world, dave.persistentId, 'trusted');
    expect(identity?.userId).to.equal(local.id);
  });

  it('serves SP metadata that SimpleSAMLphp takes as it is: schema-valid, entity ID, HTTP-POST ACS', async () => {
    const res = await world.client.get('/auth/corp/metadata').expect(200);
    const reading = world.idp.readSpMetadata(res.text);
    expect(reading.valid).to.be.true();
    expect(reading.sps).to.have.length(1);
    const [sp] = reading.sps;
    expect(sp!.entityid).to.equal(spEntityIdOf('corp'));
    expect(sp!.AssertionConsumerService).to.containDeep([
      {
        Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
        Location: 'http://localhost:3000/auth/corp/callback',
      },
    ]);
    expect(sp!.NameIDFormat).to.equal(
      'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    );
  });
});
