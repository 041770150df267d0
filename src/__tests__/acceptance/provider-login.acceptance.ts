import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {AuditEventRepository, UserRepository} from '../../repositories';
import {givenUser} from '../fixtures/oauth';
import {
  exchangeCode,
  FlowWorld,
  givenFlowWorld,
  returnFrom,
  signInWith,
  startLogin,
} from '../fixtures/provider-flows';

describe('third-party login (browser flow)', () => {
  let world: FlowWorld;
  before(async () => {
    world = await givenFlowWorld();
  });
  after(() => world.stop());

  async function me(accessToken: string) {
    const res = await world.client
      .get('/users/me')
      .set('Authorization', `Bearer ${accessToken}`)
      .expect(200);
    return res.body;
  }

  it('first login creates a user with the provider’s real email; the second finds the same user', async () => {
    const email = `fay-${randomUUID()}@example.com`;
    world.facebook.signInAs({id: randomUUID(), name: 'Fay Book', email});
    const first = await signInWith(world, 'facebook-login');
    const user = await me(first.access_token);
    expect(user).to.containDeep({email, emailVerified: true, name: 'Fay Book'});

    const second = await signInWith(world, 'facebook-login');
    expect(second.user_id).to.equal(first.user_id);
    const sessions = await world.client
      .get('/sessions')
      .set('Authorization', `Bearer ${second.access_token}`)
      .expect(200);
    expect(sessions.body[0].authMethod).to.equal('facebook-login');
  });

  it('a provider without an email gives a user without one, never an invented address', async () => {
    world.facebook.signInAs({id: randomUUID(), name: 'No Mail'});
    const tokens = await signInWith(world, 'facebook-login');
    const user = await me(tokens.access_token);
    expect(user.email).to.be.undefined();
    expect(user.emailVerified).to.be.false();
  });

  it('keeps the email unverified unless the provider says verified', async () => {
    const email = `gus-${randomUUID()}@example.com`;
    world.google.signInAs({sub: randomUUID(), email, email_verified: false});
    const tokens = await signInWith(world, 'google-login');
    expect(await me(tokens.access_token)).to.containDeep({
      email,
      emailVerified: false,
    });
  });

  it('signs in through OpenID Connect (oidc-provider)', async () => {
    const tokens = await signInWith(world, 'demo');
    expect(await me(tokens.access_token)).to.containDeep({
      email: 'olive@example.com',
      emailVerified: true,
    });
    const again = await signInWith(world, 'demo');
    expect(again.user_id).to.equal(tokens.user_id);
  });

  describe('an email that already has a local account', () => {
    const cases = [
      {provider: true, local: true, links: true},
      {provider: true, local: false, links: false},
      {provider: false, local: true, links: false},
      {provider: false, local: false, links: false},
    ];
    for (const c of cases) {
      it(`provider verified ${c.provider}, local verified ${c.local}: ${c.links ? 'links automatically' : 'ACCOUNT_EXISTS'}`, async () => {
        const local = await givenUser(world.app);
        const users = await world.app.getRepository(UserRepository);
        await users.updateById(local.id, {emailVerified: c.local});
        world.google.signInAs({
          sub: randomUUID(),
          email: local.email,
          email_verified: c.provider,
        });
        const flow = await startLogin(world.client, 'google-login');
        const location = await returnFrom(world.client, flow);
        if (c.links) {
          const tokens = await exchangeCode(world.client, location, flow);
          expect(tokens.user_id).to.equal(local.id);
        } else {
          expect(location.searchParams.get('error')).to.equal('account_exists');
          expect(location.searchParams.has('code')).to.be.false();
          // No second account over the same address.
          expect(
            await users.find({where: {email: local.email}}),
          ).to.have.length(1);
        }
      });
    }

    it('ACCOUNT_EXISTS when the entry does not enable automatic linking, even with both verified', async () => {
      const local = await givenUser(world.app);
      world.facebook.signInAs({id: randomUUID(), email: local.email});
      const flow = await startLogin(world.client, 'facebook-login');
      const location = await returnFrom(world.client, flow);
      expect(location.searchParams.get('error')).to.equal('account_exists');
      const users = await world.app.getRepository(UserRepository);
      expect(await users.find({where: {email: local.email}})).to.have.length(1);
    });
  });

  it('a link-only entry cannot sign in: 403 LOGIN_NOT_ALLOWED, no redirect', async () => {
    const res = await world.client
      .get('/auth/fbwork-link')
      .query({response_mode: 'json'})
      .expect(403);
    expect(res.body.error.code).to.equal('LOGIN_NOT_ALLOWED');
    expect(res.headers.location).to.be.undefined();
  });

  it('a provider error (user denied) redirects with access_denied and the client state', async () => {
    world.facebook.denyNext();
    const flow = await startLogin(world.client, 'facebook-login');
    const location = await returnFrom(world.client, flow);
    expect(location.searchParams.get('error')).to.equal('access_denied');
    expect(location.searchParams.has('code')).to.be.false();
  });

  it('a disabled user cannot sign in with a provider', async () => {
    world.facebook.signInAs({id: randomUUID(), name: 'Dee'});
    const tokens = await signInWith(world, 'facebook-login');
    const users = await world.app.getRepository(UserRepository);
    await users.updateById(tokens.user_id, {disabled: true});
    const flow = await startLogin(world.client, 'facebook-login');
    const location = await returnFrom(world.client, flow);
    expect(location.searchParams.get('error')).to.equal('account_disabled');
  });

  it('records login.succeeded with the entry as the auth method', async () => {
    world.facebook.signInAs({id: randomUUID(), name: 'Audi T'});
    const tokens = await signInWith(world, 'facebook-login');
    const events = await (
      await world.app.getRepository(AuditEventRepository)
    ).find({where: {userId: tokens.user_id, type: 'login.succeeded'}});
    expect(events[0]?.details).to.containDeep({authMethod: 'facebook-login'});
  });
});
