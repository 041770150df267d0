import {expect} from '@loopback/testlab';
import path from 'node:path';
import {ConfigError} from '../../config';
import {
  loadProvidersConfig,
  parseProvidersConfig,
} from '../../config/providers-config';
import {
  BASE_URL,
  FIXTURES,
  givenEntry,
  givenInstalled,
  parseOne,
  TEMPLATE,
} from '../fixtures/providers-config';
import {givenSigningKey} from '../fixtures/saml-forge';

describe('providers.json loader', () => {
  describe('the LoopBack 3 example', () => {
    const file = path.join(FIXTURES, 'lb3-providers.json');

    it('loads unchanged once its modules are installed', () => {
      const {entries, warnings} = loadProvidersConfig(file, {
        baseUrl: BASE_URL,
        resolveModule: givenInstalled('passport-twitter'),
      });
      expect(entries.map(e => e.name)).to.eql([
        'facebook-login',
        'google-login',
        'twitter-login',
        'facebook-link',
        'google-link',
      ]);
      const byName = new Map(entries.map(e => [e.name, e]));
      expect(byName.get('facebook-login')).to.containDeep({
        provider: 'facebook',
        module: 'passport-facebook',
        authScheme: 'oauth2',
        authPath: '/auth/facebook',
        callbackPath: '/auth/facebook/callback',
        credentials: {
          clientID: '{facebook-client-id-1}',
          callbackURL: 'http://localhost:3000/auth/facebook/callback',
        },
        scope: ['email'],
        login: true,
        authOptions: {display: 'popup'},
        successRedirect: '/auth/account',
      });
      // LB3's session options are not handed to the strategy.
      expect(byName.get('facebook-login')!.options).to.eql({});
      expect(byName.get('google-link')).to.containDeep({
        module: 'passport-google-oauth20',
        strategy: 'Strategy',
        authPath: '/link/google',
        login: false,
      });
      expect(byName.get('twitter-login')).to.containDeep({
        authScheme: 'oauth1',
        module: 'passport-twitter',
        credentials: {
          clientID: '{twitter-consumer-key}',
          clientSecret: '{twitter-consumer-secret}',
        },
      });
      expect(warnings).to.containEql(
        'lb3-providers.json: local: local accounts are built in (POST /auth/login); the entry is ignored',
      );
      expect(warnings.join('\n')).to.match(
        /"passport-google-oauth" is not installed; using passport-google-oauth20/,
      );
    });

    it('names passport-twitter and its install command when it is missing', () => {
      expect(() => loadProvidersConfig(file, {baseUrl: BASE_URL})).to.throw(
        ConfigError,
      );
      try {
        loadProvidersConfig(file, {baseUrl: BASE_URL});
      } catch (err) {
        expect((err as ConfigError).problems).to.eql([
          'lb3-providers.json: twitter-login.module "passport-twitter" is not installed: run npm install passport-twitter',
        ]);
      }
    });

    it('returns deeply frozen entries', () => {
      const {entries} = loadProvidersConfig(file, {
        baseUrl: BASE_URL,
        resolveModule: givenInstalled('passport-twitter'),
      });
      expect(Object.isFrozen(entries)).to.be.true();
      expect(Object.isFrozen(entries[0]!.credentials)).to.be.true();
      expect(Object.isFrozen(entries[0]!.scope)).to.be.true();
    });
  });

  it('loads providers.json.template itself', () => {
    const env = Object.fromEntries(
      [
        'FACEBOOK_CLIENT_ID',
        'FACEBOOK_CLIENT_SECRET',
        'GOOGLE_CLIENT_ID',
        'GOOGLE_CLIENT_SECRET',
        'GITHUB_CLIENT_ID',
        'GITHUB_CLIENT_SECRET',
        'OIDC_CLIENT_ID',
        'OIDC_CLIENT_SECRET',
        'GITLAB_CLIENT_ID',
        'GITLAB_CLIENT_SECRET',
        'LDAP_BIND_PASSWORD',
      ].map(name => [name, `value-of-${name}`]),
    );
    const idp = givenSigningKey();
    const {entries, ldap, warnings} = loadProvidersConfig(TEMPLATE, {
      baseUrl: BASE_URL,
      env: {
        ...env,
        OIDC_ISSUER: 'https://sso.example.com/realms/main',
        SAML_IDP_CERT: idp.cert,
      },
    });
    expect(entries.map(e => [e.name, e.authScheme])).to.eql([
      ['facebook-login', 'oauth2'],
      ['google-login', 'oauth2'],
      ['github-link', 'oauth2'],
      ['keycloak', 'oidc'],
      ['gitlab', 'oauth2'],
      ['corp-sso', 'saml'],
    ]);
    expect(entries[5]!.saml).to.containDeep({
      entryPoint: 'https://idp.example.com/saml2/idp/SSOService.php',
      spEntityId: 'https://id.example.com/saml',
      idpIssuer: 'https://idp.example.com/saml2/idp/metadata.php',
    });
    expect(entries[5]!.rolesFromGroups).to.eql({staff: 'editor'});
    expect(warnings.filter(w => w.includes('corp-sso'))).to.eql([]);
    expect(entries[0]!.credentials).to.eql({
      clientID: 'value-of-FACEBOOK_CLIENT_ID',
      clientSecret: 'value-of-FACEBOOK_CLIENT_SECRET',
      callbackURL: `${BASE_URL}/auth/facebook-login/callback`,
    });
    // `_comment` documents; it never reaches a strategy.
    expect(entries[2]!.options).to.eql({});
    expect(entries[4]!.options).to.containDeep({
      tokenURL: 'https://gitlab.com/oauth/token',
    });
    expect(ldap.map(e => [e.name, e.server.bindCredentials])).to.eql([
      ['corporate-directory', 'value-of-LDAP_BIND_PASSWORD'],
    ]);
  });

  it('runs with local accounts only when no file is configured', () => {
    expect(loadProvidersConfig(undefined, {baseUrl: BASE_URL})).to.eql({
      entries: [],
      ldap: [],
      warnings: [],
    });
  });

  it('defaults paths, callback URL, module and flags', () => {
    expect(parseOne(givenEntry())).to.containDeep({
      name: 'x',
      module: 'passport-google-oauth20',
      authPath: '/auth/x',
      callbackPath: '/auth/x/callback',
      credentials: {callbackURL: `${BASE_URL}/auth/x/callback`},
      login: true,
      pkce: false,
      autoLinkByEmail: false,
      tokenExchange: false,
    });
  });

  it('passes unknown keys through to the strategy', () => {
    const entry = parseOne(
      givenEntry({
        authorizationURL: 'http://127.0.0.1:9/authorize',
        userProfileURL: 'http://127.0.0.1:9/me',
        failureFlash: true,
      }),
    );
    expect(entry.options).to.eql({
      authorizationURL: 'http://127.0.0.1:9/authorize',
      userProfileURL: 'http://127.0.0.1:9/me',
    });
  });

  it('normalises LoopBack 3 authScheme spellings', () => {
    const scheme = (authScheme: string, module = 'passport-oauth2') =>
      parseOne({
        ...givenEntry({authScheme, module}),
        issuer: 'https://i.example',
      }).authScheme;
    expect(scheme('oAuth 2.0')).to.equal('oauth2');
    expect(scheme('OAuth2')).to.equal('oauth2');
    expect(scheme('openid connect', 'openid-client')).to.equal('oidc');
    expect(scheme('OIDC', 'openid-client')).to.equal('oidc');
  });

  it('resolves ${VAR} references, nested ones too', () => {
    const entry = parseOne(
      givenEntry({
        clientSecret: '${SECRET}',
        tokenURL: 'https://${HOST}/token',
        scope: ['${SCOPE}'],
      }),
      {SECRET: 's3cret', HOST: 'sso.example.com', SCOPE: 'email'},
    );
    expect(entry.credentials.clientSecret).to.equal('s3cret');
    expect(entry.options.tokenURL).to.equal('https://sso.example.com/token');
    expect(entry.scope).to.eql(['email']);
  });

  it('shows the entry as its displayName, by default the provider capitalised', () => {
    expect(parseOne(givenEntry()).displayName).to.equal('Google');
    expect(
      parseOne(givenEntry({displayName: ' Google Workspace '})).displayName,
    ).to.equal('Google Workspace');
    expect(parseOne(givenEntry()).options).to.not.have.property('displayName');
  });

  it('ignores disabled entries entirely', () => {
    const {entries} = parseProvidersConfig(
      {off: {enabled: false, module: 'passport-nope'}, on: givenEntry()},
      {baseUrl: BASE_URL},
    );
    expect(entries.map(e => e.name)).to.eql(['on']);
  });
});
