import {expect} from '@loopback/testlab';
import {ProviderEntry} from '../../config/providers-config';
import {ProviderLogin} from '../../services/providers/provider-login';
import {givenFacebookServer, FacebookServer} from '../fixtures/facebook-server';
import {givenGoogleServer, GoogleServer} from '../fixtures/google-server';
import {ManualClock} from '../fixtures/manual-clock';
import {signInThrough} from '../fixtures/passport-driver';
import {
  givenStrategyEntry as givenEntry,
  givenStrategyFactory as givenFactory,
  STRATEGY_BASE_URL as BASE_URL,
} from '../fixtures/strategy-factory';

describe('provider strategies against local provider servers', () => {
  describe('passport-facebook', () => {
    let facebook: FacebookServer;
    before(async () => {
      facebook = await givenFacebookServer();
    });
    after(() => facebook.stop());

    function facebookEntry(extra: object = {}): ProviderEntry {
      return givenEntry('facebook-login', {
        provider: 'facebook',
        module: 'passport-facebook',
        clientID: 'fb-app',
        clientSecret: 'fb-secret',
        scope: ['email'],
        profileFields: ['id', 'displayName', 'emails', 'photos'],
        ...facebook.entryOptions(),
        ...extra,
      });
    }

    it('signs in and maps the profile, email verified', async () => {
      const clock = new ManualClock();
      const strategy = await givenFactory(clock).strategyFor(facebookEntry());
      const {outcome, authorizationUrl} = await signInThrough(
        strategy,
        `${BASE_URL}/auth/facebook-login`,
      );
      expect(authorizationUrl).to.startWith(`${facebook.url}/dialog/oauth?`);
      expect(
        new URL(authorizationUrl).searchParams.get('redirect_uri'),
      ).to.equal(`${BASE_URL}/auth/facebook-login/callback`);
      expect(outcome.kind).to.equal('success');
      const login = (outcome as {user: ProviderLogin}).user;
      expect(login).to.containDeep({
        entry: 'facebook-login',
        provider: 'facebook',
        authScheme: 'oauth2',
        profile: {
          externalId: '10001',
          email: 'fay@example.com',
          emailVerified: true,
          name: 'Fay Book',
          photo: 'https://graph.example/fay.jpg',
        },
      });
      expect(login.tokens.accessToken).to.be.a.String();
      expect(login.tokens.expiresAt).to.equal(clock.now() + 5183944 * 1000);
    });

    it('runs with other credentials when asked, and the provider sees them', async () => {
      const other = await givenFacebookServer({
        apps: {'tenant-app': 'tenant-secret'},
      });
      try {
        const entry = facebookEntry(other.entryOptions());
        const strategy = await givenFactory().strategyFor(entry, {
          credentials: {
            clientID: 'tenant-app',
            clientSecret: 'tenant-secret',
            callbackURL: 'https://tenant.example/cb',
          },
        });
        const {outcome} = await signInThrough(
          strategy,
          `${BASE_URL}/auth/facebook-login`,
        );
        expect(outcome.kind).to.equal('success');
        expect(other.seen.authorizeClientIds).to.eql(['tenant-app']);
        expect(other.seen.tokenClients).to.eql([
          {clientId: 'tenant-app', clientSecret: 'tenant-secret'},
        ]);
      } finally {
        await other.stop();
      }
    });

    it('hands the caller verify the request and the login', async () => {
      const strategy = await givenFactory().strategyFor(facebookEntry(), {
        verify: async (_req, login) => ({
          userId: `user-of-${login.profile.externalId}`,
        }),
      });
      const {outcome} = await signInThrough(
        strategy,
        `${BASE_URL}/auth/facebook-login`,
      );
      expect(outcome).to.eql({
        kind: 'success',
        user: {userId: 'user-of-10001'},
      });
    });
  });

  describe('passport-google-oauth20', () => {
    let google: GoogleServer;
    before(async () => {
      google = await givenGoogleServer();
    });
    after(() => google.stop());

    it('signs in, keeps the ID token and reads email_verified', async () => {
      const entry = givenEntry('google-login', {
        provider: 'google',
        clientID: 'google-app',
        clientSecret: 'google-secret',
        scope: ['openid', 'email', 'profile'],
        ...google.entryOptions(),
      });
      const strategy = await givenFactory().strategyFor(entry);
      const {outcome} = await signInThrough(
        strategy,
        `${BASE_URL}/auth/google-login`,
      );
      expect(outcome.kind).to.equal('success');
      const login = (outcome as {user: ProviderLogin}).user;
      expect(login.profile).to.eql({
        externalId: '110169484474386276334',
        email: 'gail@example.com',
        emailVerified: true,
        name: 'Gail Oogle',
        photo: 'https://lh3.example/gail.jpg',
      });
      expect(login.tokens.idToken!.split('.')).to.have.length(3);
      expect(google.seen.tokenClients).to.containEql({
        clientId: 'google-app',
        clientSecret: 'google-secret',
      });
    });

    it('sends a PKCE challenge when the entry asks for it', async () => {
      const entry = givenEntry('google-pkce', {
        provider: 'google',
        clientID: 'google-app',
        clientSecret: 'google-secret',
        pkce: true,
        ...google.entryOptions(),
      });
      const strategy = await givenFactory().strategyFor(entry);
      const {outcome, authorizationUrl} = await signInThrough(
        strategy,
        `${BASE_URL}/auth/google-pkce`,
      );
      expect(outcome.kind).to.equal('success');
      const query = new URL(authorizationUrl).searchParams;
      expect(query.get('code_challenge_method')).to.equal('S256');
      expect(query.get('state')).to.be.a.String();
    });

    it('fails a profile with an empty id instead of looking it up', async () => {
      const nameless = await givenGoogleServer({
        user: {sub: '  ', email: 'x@example.com'},
      });
      try {
        const entry = givenEntry('google-login', {
          provider: 'google',
          clientID: 'google-app',
          clientSecret: 'google-secret',
          ...nameless.entryOptions(),
        });
        const strategy = await givenFactory().strategyFor(entry);
        const {outcome} = await signInThrough(
          strategy,
          `${BASE_URL}/auth/google-login`,
        );
        expect(outcome.kind).to.equal('error');
        if (outcome.kind !== 'error') throw new Error('expected an error');
        expect(outcome.error).to.containDeep({code: 'PROVIDER_ERROR'});
      } finally {
        await nameless.stop();
      }
    });
  });
});
