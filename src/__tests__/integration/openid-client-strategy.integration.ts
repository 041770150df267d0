import {expect} from '@loopback/testlab';
import {ProviderLogin} from '../../services/providers/provider-login';
import {givenOidcServer, OidcServer} from '../fixtures/oidc-server';
import {signInThrough} from '../fixtures/passport-driver';
import {
  givenStrategyEntry as givenEntry,
  givenStrategyFactory as givenFactory,
  STRATEGY_BASE_URL as BASE_URL,
} from '../fixtures/strategy-factory';

describe('provider strategies against local provider servers', () => {
  describe('openid-client against oidc-provider', () => {
    let op: OidcServer;
    const callbackURL = `${BASE_URL}/auth/sso/callback`;
    before(async () => {
      op = await givenOidcServer({redirectUri: callbackURL});
    });
    after(() => op.stop());

    it('discovers the issuer, signs in with PKCE and reads the claims', async () => {
      const entry = givenEntry('sso', {
        provider: 'keycloak',
        module: 'openid-client',
        issuer: op.issuer,
        clientID: op.clientId,
        clientSecret: op.clientSecret,
      });
      const strategy = await givenFactory().strategyFor(entry);
      const {outcome, authorizationUrl} = await signInThrough(
        strategy,
        `${BASE_URL}/auth/sso`,
        url => op.signIn(url),
      );
      expect(
        new URL(authorizationUrl).searchParams.get('code_challenge_method'),
      ).to.equal('S256');
      expect(outcome.kind).to.equal('success');
      const login = (outcome as {user: ProviderLogin}).user;
      expect(login).to.containDeep({
        entry: 'sso',
        provider: 'keycloak',
        authScheme: 'oidc',
        profile: {
          externalId: 'oidc-user-1',
          email: 'olive@example.com',
          emailVerified: true,
          name: 'Olive Idc',
          username: 'olive',
        },
      });
      expect(login.tokens.idToken).to.be.a.String();
    });

    it('fails a callback whose flow state is missing', async () => {
      const entry = givenEntry('sso', {
        provider: 'keycloak',
        module: 'openid-client',
        issuer: op.issuer,
        clientID: op.clientId,
        clientSecret: op.clientSecret,
      });
      const strategy = await givenFactory().strategyFor(entry);
      const {runStrategy, givenRequest} =
        await import('../fixtures/passport-driver');
      const outcome = await runStrategy(
        strategy,
        givenRequest(
          `${callbackURL}?code=forged&iss=${encodeURIComponent(op.issuer)}`,
        ),
      );
      expect(outcome.kind).to.equal('fail');
    });
  });
});
