import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {loadProvidersConfig} from '../../config/providers-config';
import {BASE_URL, givenEntry, problemsOf} from '../fixtures/providers-config';

describe('providers.json loader', () => {
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
        {s: givenEntry({authScheme: 'kerberos'})},
        'providers.json: s.authScheme "kerberos" is not supported: use "oAuth 2.0", "oAuth 1.0", "OpenID Connect", "ldap" or "saml"',
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
});
