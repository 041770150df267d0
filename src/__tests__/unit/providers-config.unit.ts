import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {ConfigError} from '../../config';
import {
  loadProvidersConfig,
  parseProvidersConfig,
  ProviderEntry,
} from '../../config/providers-config';

const BASE_URL = 'https://id.example.com';
const FIXTURES = path.resolve(__dirname, '../../../src/__tests__/fixtures');
const TEMPLATE = path.resolve(__dirname, '../../../providers.json.template');

/** A resolver that also "installs" the given modules. */
function givenInstalled(...extra: string[]) {
  return (name: string) =>
    extra.includes(name) ? `/fake/${name}` : require.resolve(name);
}

function problemsOf(json: unknown, env = {}): string[] {
  try {
    parseProvidersConfig(json, {baseUrl: BASE_URL, env});
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

function givenEntry(extra: object = {}): object {
  return {
    provider: 'google',
    clientID: 'id',
    clientSecret: 'secret',
    ...extra,
  };
}

function parseOne(raw: object, env = {}): ProviderEntry {
  const {entries} = parseProvidersConfig({x: raw}, {baseUrl: BASE_URL, env});
  return entries[0]!;
}

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
      ].map(name => [name, `value-of-${name}`]),
    );
    const {entries} = loadProvidersConfig(TEMPLATE, {
      baseUrl: BASE_URL,
      env: {...env, OIDC_ISSUER: 'https://sso.example.com/realms/main'},
    });
    expect(entries.map(e => [e.name, e.authScheme])).to.eql([
      ['facebook-login', 'oauth2'],
      ['google-login', 'oauth2'],
      ['github-link', 'oauth2'],
      ['keycloak', 'oidc'],
      ['gitlab', 'oauth2'],
    ]);
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
  });

  it('runs with local accounts only when no file is configured', () => {
    expect(loadProvidersConfig(undefined, {baseUrl: BASE_URL})).to.eql({
      entries: [],
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

  describe('named checks', () => {
    const cases: [string, object, string][] = [
      [
        // LoopBack's router cannot route /auth/constructor (input guard).
        'an entry named like an Object.prototype property',
        {constructor: givenEntry()},
        'providers.json: "constructor" cannot name an entry: use letters, digits, "-", "." and "_"',
      ],
      [
        'a provider family named like an Object.prototype property',
        {g: givenEntry({provider: 'constructor'})},
        'providers.json: g.module is missing',
      ],
      [
        'a displayName that is not a string',
        {g: givenEntry({displayName: 7})},
        'providers.json: g.displayName must be a string, got number',
      ],
      [
        'a missing clientSecret',
        {'google-login': {provider: 'google', clientID: 'id'}},
        'providers.json: google-login.clientSecret is missing',
      ],
      [
        'a missing provider',
        {
          g: {
            module: 'passport-google-oauth20',
            clientID: 'i',
            clientSecret: 's',
          },
        },
        'providers.json: g.provider is missing',
      ],
      [
        'an unset environment variable',
        {g: givenEntry({clientSecret: '${GOOGLE_SECRET}'})},
        'providers.json: g.clientSecret references ${GOOGLE_SECRET}, which is not set',
      ],
      [
        'a module that is not installed',
        {t: givenEntry({module: 'passport-nope'})},
        'providers.json: t.module "passport-nope" is not installed: run npm install passport-nope',
      ],
      [
        'an unknown authScheme',
        {s: givenEntry({authScheme: 'saml'})},
        'providers.json: s.authScheme "saml" is not supported: use "oAuth 2.0", "oAuth 1.0" or "OpenID Connect"',
      ],
      [
        'a relative callbackURL',
        {g: givenEntry({callbackURL: '/auth/g/callback'})},
        'providers.json: g.callbackURL must be an absolute http(s) URL, got "/auth/g/callback"',
      ],
      [
        'a callbackURL of another scheme',
        {g: givenEntry({callbackURL: 'ftp://x.example/cb'})},
        'providers.json: g.callbackURL must be an absolute http(s) URL, got "ftp://x.example/cb"',
      ],
      [
        'a path of the service itself',
        {g: givenEntry({authPath: '/auth/token'})},
        'providers.json: g.authPath "/auth/token" is a route of the service (/auth/token)',
      ],
      [
        'a path under the service routes',
        {g: givenEntry({callbackPath: '/auth/password-reset/google'})},
        'providers.json: g.callbackPath "/auth/password-reset/google" is a route of the service (/auth/password-reset)',
      ],
      [
        'a relative path',
        {g: givenEntry({authPath: 'auth/g'})},
        'providers.json: g.authPath must start with "/", got "auth/g"',
      ],
      [
        'a duplicate path',
        {a: givenEntry(), b: givenEntry({callbackPath: '/auth/a/callback/'})},
        'providers.json: b.callbackPath is "/auth/a/callback", which is also a.callbackPath',
      ],
      [
        'a path taken by a token exchange route',
        {a: givenEntry(), b: givenEntry({authPath: '/auth/a/token'})},
        'providers.json: b.authPath is "/auth/a/token", which is also the token exchange route of a',
      ],
      [
        'a non-boolean flag',
        {g: givenEntry({autoLinkByEmail: 'yes'})},
        'providers.json: g.autoLinkByEmail must be true or false, got "yes"',
      ],
      [
        'a bad scope',
        {g: givenEntry({scope: [1]})},
        'providers.json: g.scope must be a string or an array of strings',
      ],
      [
        'an OIDC entry without issuer',
        {o: givenEntry({module: 'openid-client'})},
        'providers.json: o.issuer is missing',
      ],
      [
        'an OIDC issuer over plain http',
        {
          o: givenEntry({
            module: 'openid-client',
            issuer: 'http://sso.example.com',
          }),
        },
        'providers.json: o.issuer must use https, got "http://sso.example.com"',
      ],
      [
        'PKCE on oAuth 1.0',
        {
          t: {
            provider: 't',
            module: 'passport-oauth2',
            authScheme: 'oauth',
            consumerKey: 'k',
            consumerSecret: 's',
            pkce: true,
          },
        },
        'providers.json: t.pkce applies to OAuth 2.0 and OpenID Connect only',
      ],
      [
        'an oAuth 1.0 entry without consumerSecret',
        {
          t: {
            provider: 't',
            module: 'passport-oauth2',
            authScheme: 'oAuth 1.0',
            consumerKey: 'k',
          },
        },
        'providers.json: t.consumerSecret is missing',
      ],
      [
        'an entry that is not an object',
        {g: 'google'},
        'providers.json: g must be an object',
      ],
    ];
    for (const [what, json, message] of cases) {
      it(`refuses ${what}`, () => {
        expect(problemsOf(json)).to.containEql(message);
      });
    }

    it('reports every problem at once', () => {
      const problems = problemsOf({
        a: {provider: 'google'},
        b: givenEntry({link: 'no'}),
      });
      expect(problems).to.eql([
        'providers.json: a.clientID is missing',
        'providers.json: a.clientSecret is missing',
        'providers.json: b.link must be true or false, got "no"',
      ]);
    });

    it('refuses a file that is not an object of entries', () => {
      expect(problemsOf([])).to.eql([
        'providers.json: must be an object of named entries',
      ]);
    });

    it('names a file that is not JSON', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'providers-'));
      const file = path.join(dir, 'providers.json');
      fs.writeFileSync(file, '{"a": ');
      try {
        expect(() => loadProvidersConfig(file, {baseUrl: BASE_URL})).to.throw(
          /providers\.json: is not valid JSON/,
        );
      } finally {
        fs.rmSync(dir, {recursive: true, force: true});
      }
    });
  });

  it('ignores disabled entries entirely', () => {
    const {entries} = parseProvidersConfig(
      {off: {enabled: false, module: 'passport-nope'}, on: givenEntry()},
      {baseUrl: BASE_URL},
    );
    expect(entries.map(e => e.name)).to.eql(['on']);
  });
});
