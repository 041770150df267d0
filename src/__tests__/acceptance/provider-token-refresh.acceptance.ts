import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {ManualClock} from '../fixtures/manual-clock';
import {ProviderTokenService} from '../../services/providers/provider-token.service';
import {withoutRequestLimits} from '../../services/abuse/rate-limit-settings';
import {givenRunningApp} from '../fixtures/app';
import {givenProvidersFile} from '../fixtures/applications';
import {givenSession, givenUser} from '../fixtures/oauth';
import {givenOidcServer, OidcServer} from '../fixtures/oidc-server';
import {BASE_URL, returnFrom, startLink} from '../fixtures/provider-flows';

describe('ProviderTokenService with an OpenID Connect provider (acceptance)', () => {
  let oidc: OidcServer;
  let app: IdentityApplication;
  let client: Client;
  let clock: ManualClock;
  let tokens: ProviderTokenService;
  let linked: {userId: string; credential: {id: string}};

  before(async () => {
    oidc = await givenOidcServer({
      redirectUri: `${BASE_URL}/auth/keycloak/callback`,
      refreshTokens: true,
    });
    clock = new ManualClock(Date.now());
    ({app, client} = await givenRunningApp(
      {
        PROVIDERS_FILE: givenProvidersFile({
          keycloak: {
            provider: 'keycloak',
            module: 'openid-client',
            issuer: oidc.issuer,
            clientID: oidc.clientId,
            clientSecret: oidc.clientSecret,
            scope: ['openid', 'email', 'profile', 'offline_access'],
            // OpenID Connect grants offline_access only with consent.
            authOptions: {prompt: 'consent'},
          },
        }),
      },
      {clock, rateLimits: withoutRequestLimits()},
    ));
    tokens = await app.get(IdentityBindings.PROVIDER_TOKEN_SERVICE);
    // The provider knows one account, so it is linked once for every test;
    // each test starts from whatever token is current.
    linked = await givenLinkedCredential();
  });
  after(async () => {
    await app?.stop();
    await oidc?.stop();
  });

  /** A user with the provider linked; their stored credential's id. */
  async function givenLinkedCredential() {
    const user = await givenUser(app);
    const {access_token: token} = await givenSession(app, user.id);
    const flow = await startLink(client, 'keycloak', token);
    const location = await returnFrom(client, flow, oidc.signIn);
    expect(location.searchParams.get('error')).to.be.null();
    const res = await client
      .get('/users/me/credentials')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(res.body).to.have.length(1);
    expect(res.body[0].hasRefreshToken).to.be.true();
    expect(res.body[0].scopes).to.containEql('offline_access');
    return {userId: user.id, credential: res.body[0]};
  }

  it('stores the refresh token and refreshes an expired access token', async () => {
    const {userId, credential} = linked;

    const before = await tokens.accessToken(userId, credential.id);
    expect(await tokens.accessToken(userId, credential.id)).to.equal(before);
    const refreshes = oidc.refreshes;

    clock.advance(3600_000);
    const after = await tokens.accessToken(userId, credential.id);
    expect(after).to.not.equal(before);
    expect(oidc.refreshes).to.equal(refreshes + 1);
    // The new token is stored: no second refresh while it is fresh.
    expect(await tokens.accessToken(userId, credential.id)).to.equal(after);
    expect(oidc.refreshes).to.equal(refreshes + 1);
  });

  it('two simultaneous refreshes of one credential reach the provider once', async () => {
    const {userId, credential} = linked;
    const before = await tokens.accessToken(userId, credential.id);
    const refreshes = oidc.refreshes;

    clock.advance(3600_000);
    const [a, b] = await Promise.all([
      tokens.accessToken(userId, credential.id),
      tokens.accessToken(userId, credential.id),
    ]);
    expect(a).to.not.equal(before);
    expect(b).to.equal(a);
    expect(oidc.refreshes).to.equal(refreshes + 1);
  });
});
