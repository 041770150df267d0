import {expect} from '@loopback/testlab';
import {UserRepository} from '../../repositories';
import {CookieJar} from '../fixtures/cookie-jar';
import {exchangeCode} from '../fixtures/provider-flows';
import {
  isLoginForm,
  openAtIdp,
  postedForm,
  submitLogin,
  submitToService,
} from '../fixtures/saml-browser';
import {
  clientLanding,
  givenIdpUser,
  givenSamlIdpWorld,
  identityOf,
  SamlIdpWorld,
  signInThroughIdp,
  startAtService,
  throughIdp,
} from '../fixtures/saml-idp-world';
import {requireSimpleSamlPhp} from '../fixtures/simplesamlphp';

const hana = givenIdpUser('hana');
const ivan = givenIdpUser('ivan');
const mallory = givenIdpUser('mallory', {denied: true});

/**
 * What SimpleSAMLphp answers, and what the service makes of it: a response
 * signed whole or only its assertion, an entry that requires a signed
 * assertion, a refused user (an error status), a mistyped password. A
 * failure is an error redirect to the client, never a 500.
 */
describe('SAML answers from SimpleSAMLphp (acceptance)', function (this: Mocha.Suite) {
  this.timeout(30000);
  let world: SamlIdpWorld;

  before(startWorld);
  async function startWorld(this: Mocha.Context): Promise<void> {
    requireSimpleSamlPhp(this);
    world = await givenSamlIdpWorld({
      users: [hana, ivan, mallory],
      entries: {corp: {}, strict: {wantAssertionsSigned: true}},
    });
  }
  afterEach(() =>
    world?.idp.setSigning({signResponse: true, signAssertion: true}),
  );
  after(() => world?.stop());

  async function userCount(): Promise<number> {
    const users = await world.running.app.getRepository(UserRepository);
    return (await users.count()).count;
  }

  it('accepts a response signed whole, its assertion unsigned', async () => {
    world.idp.setSigning({signResponse: true, signAssertion: false});
    const tokens = await signInThroughIdp(world, hana);
    expect(tokens.user_id).to.be.a.String();
  });

  it('accepts a response whose assertion alone is signed', async () => {
    world.idp.setSigning({signResponse: false, signAssertion: true});
    const tokens = await signInThroughIdp(world, hana);
    expect(tokens.user_id).to.be.a.String();
  });

  it('refuses an unsigned assertion where the entry wants it signed, with an error redirect', async () => {
    world.idp.setSigning({signResponse: true, signAssertion: false});
    const before = await userCount();
    const flow = await startAtService(world, 'strict');
    const location = clientLanding(await throughIdp(world, flow, ivan), flow);
    expect(location.searchParams.get('error')).to.equal('provider_error');
    expect(location.searchParams.get('code')).to.be.null();
    expect(await userCount()).to.equal(before);
    expect(await identityOf(world, ivan.persistentId, 'strict')).to.be.null();
  });

  it('reports a user the IdP refuses (status RequestDenied) as access_denied, and writes nothing', async () => {
    const before = await userCount();
    const flow = await startAtService(world);
    const res = await throughIdp(world, flow, mallory);
    const location = clientLanding(res, flow);
    expect(location.searchParams.get('error')).to.equal('access_denied');
    expect(await userCount()).to.equal(before);
    expect(await identityOf(world, mallory.persistentId)).to.be.null();
  });

  it('keeps the flow open while the person retries a mistyped password at the IdP', async () => {
    const flow = await startAtService(world);
    const jar = new CookieJar();
    const loginPage = await openAtIdp(jar, flow.url);
    const wrong = await submitLogin(
      loginPage,
      {username: ivan.username, password: 'not-the-password'},
      jar,
    );
    if (wrong.kind !== 'page') throw new Error('the IdP took a wrong password');
    expect(wrong.status).to.equal(200);
    expect(isLoginForm(wrong.html)).to.be.true();

    const right = await submitLogin(wrong, ivan, jar);
    const res = await submitToService(world.client, postedForm(right), flow);
    const tokens = await exchangeCode(
      world.client,
      clientLanding(res, flow),
      flow,
    );
    expect(tokens.user_id).to.be.a.String();
  });
});
