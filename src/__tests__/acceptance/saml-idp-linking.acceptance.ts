import {expect} from '@loopback/testlab';
import {givenSession, givenUser} from '../fixtures/oauth';
import {exchangeCode, startLink, StartedFlow} from '../fixtures/provider-flows';
import {
  clientLanding,
  givenIdpUser,
  givenSamlIdpWorld,
  SamlIdpWorld,
  signInThroughIdp,
  throughIdp,
} from '../fixtures/saml-idp-world';
import {requireSimpleSamlPhp} from '../fixtures/simplesamlphp';

const nora = givenIdpUser('nora');
const olga = givenIdpUser('olga');
const paul = givenIdpUser('paul');
const quinn = givenIdpUser('quinn');
const rita = givenIdpUser('rita');

interface IdentityView {
  id: string;
  provider: string;
  name: string;
  externalId: string;
}

/**
 * Linking a SimpleSAMLphp account while signed in (POST /link/{name}), the
 * linked account signing in afterwards, and unlinking: DESIGN §4's linking
 * rules with a real IdP. The browser walk is faithful to SameSite: the
 * IdP's auto-submitted form is a cross-site POST, which carries none of
 * the service's Lax cookies.
 */
describe('SAML linking through SimpleSAMLphp (acceptance)', function (this: Mocha.Suite) {
  this.timeout(30000);
  let world: SamlIdpWorld;

  before(startWorld);
  async function startWorld(this: Mocha.Context): Promise<void> {
    requireSimpleSamlPhp(this);
    world = await givenSamlIdpWorld({users: [nora, olga, paul, quinn, rita]});
  }
  after(() => world?.stop());

  async function signedInLocal() {
    const user = await givenUser(world.running.app);
    const {access_token: token} = await givenSession(
      world.running.app,
      user.id,
    );
    return {id: user.id, token};
  }

  async function identitiesOf(token: string): Promise<IdentityView[]> {
    const res = await world.client
      .get('/users/me/identities')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    return res.body;
  }

  /** POST /link/corp as `token`'s user, then the IdP as `login`. */
  async function linkThroughIdp(token: string, login: typeof nora) {
    const flow = await startLink(world.client, world.name, token);
    return {flow, res: await throughIdp(world, flow, login)};
  }

  it('links the IdP account to the signed-in user in the browser that started it; it then signs in as that user', async () => {
    const local = await signedInLocal();
    const {flow, res} = await linkThroughIdp(local.token, nora);
    const location = clientLanding(res, flow);
    expect(location.searchParams.get('error_description')).to.be.null();
    const tokens = await exchangeCode(world.client, location, flow);
    expect(tokens.user_id).to.equal(local.id);

    expect(await identitiesOf(local.token)).to.containDeep([
      {provider: 'corp', name: 'corp', externalId: nora.persistentId},
    ]);
    const signedIn = await signInThroughIdp(world, nora);
    expect(signedIn.user_id).to.equal(local.id);
  });

  it('asks for confirmation, and links nothing yet, when another browser comes back from the IdP', async () => {
    const local = await signedInLocal();
    const flow = await startLink(world.client, world.name, local.token);
    const elsewhere: StartedFlow = {...flow, cookie: undefined};
    const res = await throughIdp(world, elsewhere, olga);
    expect(res.status).to.equal(200);
    expect(res.text).to.match(/name="confirm_token"/);
    expect(await identitiesOf(local.token)).to.eql([]);
  });

  it('refuses an IdP account already linked to someone else: identity_already_linked', async () => {
    const owner = await signInThroughIdp(world, paul);
    const other = await signedInLocal();
    const {flow, res} = await linkThroughIdp(other.token, paul);
    const location = clientLanding(res, flow);
    expect(location.searchParams.get('error')).to.equal(
      'identity_already_linked',
    );
    expect(await identitiesOf(other.token)).to.eql([]);
    expect(await identitiesOf(owner.access_token)).to.have.length(1);
  });

  it('unlinks the IdP account while a password remains; the IdP no longer signs in as that user', async () => {
    const local = await signedInLocal();
    await linkThroughIdp(local.token, quinn);
    const [identity] = await identitiesOf(local.token);
    await world.client
      .delete(`/users/me/identities/${identity!.id}`)
      .set('Authorization', `Bearer ${local.token}`)
      .expect(204);
    expect(await identitiesOf(local.token)).to.eql([]);
    const signedIn = await signInThroughIdp(world, quinn);
    expect(signedIn.user_id).to.not.equal(local.id);
  });

  it('refuses to unlink the only way into an account the IdP created: 409 LAST_LOGIN_METHOD', async () => {
    const tokens = await signInThroughIdp(world, rita);
    const [identity] = await identitiesOf(tokens.access_token);
    const res = await world.client
      .delete(`/users/me/identities/${identity!.id}`)
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .expect(409);
    expect(res.body.error.code).to.equal('LAST_LOGIN_METHOD');
    expect(await identitiesOf(tokens.access_token)).to.have.length(1);
  });
});
