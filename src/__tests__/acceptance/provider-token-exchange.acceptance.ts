import {expect} from '@loopback/testlab';
import {IdentityBindings} from '../../keys';
import {TOKEN_EXCHANGE_GRANT} from '../../models';
import {
  AuditEventRepository,
  UserCredentialRepository,
} from '../../repositories';
import {FlowWorld, givenFlowWorld} from '../fixtures/provider-flows';
import {
  ACCESS_TOKEN_TYPE,
  exchangeToken,
  ExchangeClient,
  givenExchangeClient,
  givenLinkedUser,
  givenSubjectToken,
  googleUserOf,
  LinkedUser,
} from '../fixtures/token-exchange';

describe('RFC 8693 token exchange for a linked provider token (acceptance)', () => {
  let world: FlowWorld;
  before(async () => {
    world = await givenFlowWorld();
  });
  after(() => world.stop());

  let allowed: ExchangeClient;
  let user: LinkedUser;
  let subjectToken: string;
  beforeEach(async () => {
    allowed = await givenExchangeClient(world);
    user = await givenLinkedUser(world);
    subjectToken = await givenSubjectToken(world.app, user.id, allowed.id);
  });

  /** The provider access token stored for the user's linked Google account. */
  async function storedToken(userId: string): Promise<string> {
    const tokens = await world.app.get(IdentityBindings.PROVIDER_TOKEN_SERVICE);
    const credentials = await world.app.getRepository(UserCredentialRepository);
    const [credential] = await credentials.find({where: {userId}});
    return tokens.accessToken(userId, credential!.id);
  }

  it('gives an allowed confidential client its user’s provider access token, and nothing more', async () => {
    const res = await exchangeToken(world.client, allowed, {
      subject_token: subjectToken,
      requested_token_type: ACCESS_TOKEN_TYPE,
    }).expect(200);

    expect(res.headers['cache-control']).to.match(/no-store/);
    expect(Object.keys(res.body).sort()).to.eql([
      'access_token',
      'expires_in',
      'issued_token_type',
      'scope',
      'token_type',
    ]);
    expect(res.body).to.containDeep({
      issued_token_type: ACCESS_TOKEN_TYPE,
      token_type: 'Bearer',
      scope: 'openid email profile',
    });
    expect(res.body.expires_in).to.be.within(3500, 3599);
    // The very token the provider issued at linking, and the provider
    // takes it as this user's.
    expect(res.body.access_token).to.equal(await storedToken(user.id));
    expect(await googleUserOf(world, res.body.access_token)).to.eql({
      status: 200,
      sub: user.googleSub,
    });
  });

  it('refreshes an expired provider token with the provider first', async () => {
    const first = await exchangeToken(world.client, allowed, {
      subject_token: subjectToken,
    }).expect(200);
    const refreshes = world.google.refreshes;

    world.clock.advance(3600_000);
    // A new access token: the first expired with the clock.
    const fresh = await givenSubjectToken(world.app, user.id, allowed.id);
    const second = await exchangeToken(world.client, allowed, {
      subject_token: fresh,
    }).expect(200);

    expect(world.google.refreshes).to.equal(refreshes + 1);
    expect(second.body.access_token).to.not.equal(first.body.access_token);
    expect(second.body.expires_in).to.be.within(3500, 3599);
    expect(second.body).to.not.have.property('refresh_token');
    expect(await googleUserOf(world, second.body.access_token)).to.eql({
      status: 200,
      sub: user.googleSub,
    });
    expect(second.body.access_token).to.equal(await storedToken(user.id));
  });

  it('answers each user with their own account’s token only', async () => {
    const other = await givenLinkedUser(world);
    const otherToken = await givenSubjectToken(world.app, other.id, allowed.id);
    const mine = await exchangeToken(world.client, allowed, {
      subject_token: subjectToken,
    }).expect(200);
    const theirs = await exchangeToken(world.client, allowed, {
      subject_token: otherToken,
    }).expect(200);
    expect((await googleUserOf(world, mine.body.access_token)).sub).to.equal(
      user.googleSub,
    );
    expect((await googleUserOf(world, theirs.body.access_token)).sub).to.equal(
      other.googleSub,
    );
  });

  it('records each exchange in the audit trail, without the tokens', async () => {
    const res = await exchangeToken(world.client, allowed, {
      subject_token: subjectToken,
    }).expect(200);
    const events = await world.app.getRepository(AuditEventRepository);
    const [event] = await events.find({
      where: {type: 'token.exchanged', userId: user.id},
    });
    expect(event).to.containDeep({
      applicationId: allowed.id,
      details: {entry: 'google-login'},
    });
    const recorded = JSON.stringify(event);
    expect(recorded).to.not.containEql(res.body.access_token);
    expect(recorded).to.not.containEql(subjectToken);
  });

  it('works with client_secret_post as with Basic', async () => {
    const res = await exchangeToken(
      world.client,
      {id: allowed.id},
      {subject_token: subjectToken, client_secret: allowed.secret},
    ).expect(200);
    expect(res.body.issued_token_type).to.equal(ACCESS_TOKEN_TYPE);
  });

  it('is listed in discovery', async () => {
    const res = await world.client
      .get('/.well-known/openid-configuration')
      .expect(200);
    expect(res.body.grant_types_supported).to.containEql(TOKEN_EXCHANGE_GRANT);
  });
});
