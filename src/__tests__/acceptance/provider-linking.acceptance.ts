import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {IdentityBindings} from '../../keys';
import {givenSession, givenUser} from '../fixtures/oauth';
import {
  exchangeCode,
  FlowWorld,
  givenFlowWorld,
  returnFrom,
  signInWith,
  startLink,
} from '../fixtures/provider-flows';

describe('linking third-party accounts', () => {
  let world: FlowWorld;
  before(async () => {
    world = await givenFlowWorld();
  });
  after(() => world.stop());

  const bearer = (token: string) => `Bearer ${token}`;

  async function identitiesOf(token: string) {
    const res = await world.client
      .get('/users/me/identities')
      .set('Authorization', bearer(token))
      .expect(200);
    return res.body;
  }

  /** Links `name` (approving as the fixture's current user); the redirect. */
  async function link(name: string, token: string): Promise<URL> {
    const flow = await startLink(world.client, name, token);
    return returnFrom(world.client, flow);
  }

  it('links while signed in; the linked account then signs in as that user', async () => {
    const local = await givenUser(world.app);
    const {access_token: token} = await givenSession(world.app, local.id);
    const fbId = randomUUID();
    world.facebook.signInAs({id: fbId, name: 'Linked Fay'});
    const location = await link('facebook-login', token);
    expect(location.searchParams.get('code')).to.be.a.String();

    const identities = await identitiesOf(token);
    expect(identities).to.have.length(1);
    expect(identities[0]).to.containDeep({
      provider: 'facebook',
      name: 'facebook-login',
      externalId: fbId,
      profile: {displayName: 'Linked Fay'},
    });
    expect(JSON.stringify(identities)).to.not.match(/token|credentials/i);

    const signedIn = await signInWith(world, 'facebook-login');
    expect(signedIn.user_id).to.equal(local.id);
  });

  it('the code of a link flow can be exchanged like a login’s', async () => {
    const local = await givenUser(world.app);
    const {access_token: token} = await givenSession(world.app, local.id);
    world.facebook.signInAs({id: randomUUID()});
    const flow = await startLink(world.client, 'fbwork-link', token);
    const location = await returnFrom(world.client, flow);
    const tokens = await exchangeCode(world.client, location, flow);
    expect(tokens.user_id).to.equal(local.id);
  });

  it('refuses an identity owned by someone else: identity_already_linked, nothing changes', async () => {
    const fbId = randomUUID();
    world.facebook.signInAs({id: fbId, name: 'Owner'});
    const owner = await signInWith(world, 'facebook-login');

    const other = await givenUser(world.app);
    const {access_token: token} = await givenSession(world.app, other.id);
    const location = await link('facebook-login', token);
    expect(location.searchParams.get('error')).to.equal(
      'identity_already_linked',
    );
    expect(location.searchParams.has('code')).to.be.false();
    expect(await identitiesOf(token)).to.eql([]);
    expect(await identitiesOf(owner.access_token)).to.have.length(1);
  });

  it('POST /link/{name} needs a signed-in user', async () => {
    const res = await world.client
      .post('/link/facebook-login')
      .send({code_challenge: 'x'.repeat(43), code_challenge_method: 'S256'})
      .expect(401);
    expect(res.body.error.code).to.equal('AUTHENTICATION_REQUIRED');
  });

  it('keeps tokens sealed: credentials list facts, never values', async () => {
    const local = await givenUser(world.app);
    const {access_token: token} = await givenSession(world.app, local.id);
    world.google.signInAs({
      sub: randomUUID(),
      email: `${randomUUID()}@x.example`,
    });
    await link('google-login', token);
    const res = await world.client
      .get('/users/me/credentials')
      .set('Authorization', bearer(token))
      .expect(200);
    expect(res.body).to.have.length(1);
    expect(res.body[0]).to.containDeep({
      provider: 'google',
      scopes: ['openid', 'email', 'profile'],
      hasRefreshToken: true,
    });
    expect(Object.keys(res.body[0]).sort()).to.eql([
      'created',
      'expiresAt',
      'externalId',
      'hasRefreshToken',
      'id',
      'provider',
      'scopes',
    ]);
  });

  it('refreshes an expired provider access token with its refresh token', async () => {
    const local = await givenUser(world.app);
    const {access_token: token} = await givenSession(world.app, local.id);
    world.google.signInAs({sub: randomUUID()});
    await link('google-login', token);
    const [credential] = (
      await world.client
        .get('/users/me/credentials')
        .set('Authorization', bearer(token))
    ).body;
    const tokens = await world.app.get(IdentityBindings.PROVIDER_TOKEN_SERVICE);
    const before = await tokens.accessToken(local.id, credential.id);
    expect(await tokens.accessToken(local.id, credential.id)).to.equal(before);
    const refreshes = world.google.refreshes;

    world.clock.advance(3600_000);
    const after = await tokens.accessToken(local.id, credential.id);
    expect(after).to.not.equal(before);
    expect(world.google.refreshes).to.equal(refreshes + 1);
    await expect(
      tokens.accessToken(randomUUID(), credential.id),
    ).to.be.rejectedWith({code: 'NOT_FOUND'});
  });

  describe('unlinking', () => {
    it('unlinks an identity and its credential while a password remains', async () => {
      const local = await givenUser(world.app);
      const {access_token: token} = await givenSession(world.app, local.id);
      world.facebook.signInAs({id: randomUUID()});
      await link('facebook-login', token);
      const [identity] = await identitiesOf(token);
      await world.client
        .delete(`/users/me/identities/${identity.id}`)
        .set('Authorization', bearer(token))
        .expect(204);
      expect(await identitiesOf(token)).to.eql([]);
      const creds = await world.client
        .get('/users/me/credentials')
        .set('Authorization', bearer(token))
        .expect(200);
      expect(creds.body).to.eql([]);
    });

    it('refuses to remove the last way to sign in: 409 LAST_LOGIN_METHOD', async () => {
      world.facebook.signInAs({id: randomUUID()});
      const user = await signInWith(world, 'facebook-login');
      // A link-only identity does not count as a way to sign in.
      await link('fbwork-link', user.access_token);
      const identities = await identitiesOf(user.access_token);
      const facebook = identities.find(
        (i: {provider: string}) => i.provider === 'facebook',
      );
      const res = await world.client
        .delete(`/users/me/identities/${facebook.id}`)
        .set('Authorization', bearer(user.access_token))
        .expect(409);
      expect(res.body.error.code).to.equal('LAST_LOGIN_METHOD');

      // With a second sign-in provider linked, the first can go.
      world.google.signInAs({sub: randomUUID()});
      await link('google-login', user.access_token);
      await world.client
        .delete(`/users/me/identities/${facebook.id}`)
        .set('Authorization', bearer(user.access_token))
        .expect(204);
    });

    it('another user’s identity: 404', async () => {
      world.facebook.signInAs({id: randomUUID()});
      const owner = await signInWith(world, 'facebook-login');
      const [identity] = await identitiesOf(owner.access_token);
      const other = await givenUser(world.app);
      const {access_token: token} = await givenSession(world.app, other.id);
      const res = await world.client
        .delete(`/users/me/identities/${identity.id}`)
        .set('Authorization', bearer(token))
        .expect(404);
      expect(res.body.error.code).to.equal('NOT_FOUND');
    });
  });
});
