import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  loadProvidersConfig,
  parseProvidersConfig,
} from '../../config/providers-config';
import {
  BASE_URL,
  FIXTURES,
  givenInstalled,
  problemsOf,
} from '../fixtures/providers-config';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function ldapEntry(extra: object = {}, server: object = {}): object {
  return {
    authScheme: 'LDAP',
    server: {
      url: 'ldaps://ldap.example.org',
      bindDn: 'cn=reader,dc=example,dc=org',
      bindCredentials: 'secret',
      searchBase: 'ou=people,dc=example,dc=org',
      searchFilter: '(uid={{username}})',
      ...server,
    },
    ...extra,
  };
}

describe('providers.json LDAP entries (unit)', () => {
  it('loads a LoopBack 3 file with facebook, google and ldap entries unchanged', () => {
    const file = path.join(FIXTURES, 'lb3-enterprise-providers.json');
    const {entries, ldap, warnings} = loadProvidersConfig(file, {
      baseUrl: BASE_URL,
      env: {LDAP_BIND_PASSWORD: 'from-env'},
      resolveModule: givenInstalled(),
    });
    expect(entries.map(e => e.name)).to.eql(['facebook-login', 'google-login']);
    expect(ldap).to.have.length(1);
    expect(ldap[0]).to.containDeep({
      name: 'ldap',
      provider: 'ldap',
      authScheme: 'ldap',
      usernameField: 'username',
      passwordField: 'password',
      profileAttributes: {id: 'uid', username: 'uid', email: 'mail'},
      server: {
        bindCredentials: 'from-env',
        searchScope: 'sub',
        starttls: false,
        timeout: 10000,
        connectTimeout: 5000,
      },
      trustEmail: false,
    });
    expect(warnings.join('\n')).to.match(
      /ldap\.server\.url sends passwords in the clear/,
    );
  });

  it('reads any spelling of the scheme, and passport-ldapauth without one', () => {
    for (const extra of [
      {authScheme: 'ldap'},
      {authScheme: 'Active Directory'},
      {authScheme: undefined, module: 'passport-ldapauth'},
    ]) {
      const {ldap} = parseProvidersConfig(
        {corp: ldapEntry(extra)},
        {baseUrl: BASE_URL},
      );
      expect(ldap.map(e => e.name)).to.eql(['corp']);
    }
  });

  it('names entry and key of every problem', () => {
    expect(
      problemsOf({
        corp: {
          authScheme: 'ldap',
          module: 'passport-saml',
          server: {
            url: 'http://ldap.example.org',
            searchFilter: '(uid=*)',
            bindDn: 'cn=reader',
            starttls: 'yes',
            timeout: -1,
            tlsOptions: {ca: 'not a pem', caFile: '/nowhere/ca.pem'},
          },
          rolesFromGroups: {admins: 'ad min'},
          trustEmail: 'yes',
        },
      }),
    ).to.eql([
      'providers.json: corp.module "passport-saml" cannot serve an LDAP entry: leave it out, or name passport-ldapauth',
      'providers.json: corp.server.url must start with ldap:// or ldaps://, got "http://ldap.example.org"',
      'providers.json: corp.server.starttls must be true or false, got "yes"',
      'providers.json: corp.server.searchFilter must hold {{username}}',
      'providers.json: corp.server.bindCredentials is missing (bindDn is set)',
      'providers.json: corp.server.searchBase is missing',
      'providers.json: corp.server.tlsOptions.caFile cannot be read: /nowhere/ca.pem (ENOENT)',
      'providers.json: corp.server.tlsOptions.ca must hold PEM certificates (-----BEGIN CERTIFICATE-----)',
      'providers.json: corp.server.timeout must be a positive number of milliseconds',
      'providers.json: corp.rolesFromGroups.admins is not a role name: "ad min"',
      'providers.json: corp.trustEmail must be true or false, got "yes"',
    ]);
  });

  it('refuses a filter that does not parse, and an unset ${VAR}', () => {
    expect(
      problemsOf({
        corp: ldapEntry(
          {},
          {searchFilter: '(uid={{username}}', bindCredentials: '${NOPE}'},
        ),
      }),
    ).to.containDeep([
      'providers.json: corp.server.bindCredentials references ${NOPE}, which is not set',
    ]);
    const [problem] = problemsOf({
      corp: ldapEntry({}, {searchFilter: '(uid={{username}}'}),
    });
    expect(problem).to.match(
      /corp\.server\.searchFilter is not an RFC 4515 filter/,
    );
  });

  it('takes the CA as PEM text or from a file next to providers.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ldap-ca-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), PEM);
    const file = path.join(dir, 'providers.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        pem: ldapEntry({}, {tlsOptions: {ca: PEM}}),
        file: ldapEntry({}, {tlsOptions: {caFile: 'ca.pem'}}),
      }),
    );
    const {ldap} = loadProvidersConfig(file, {baseUrl: BASE_URL});
    expect(ldap.map(e => e.server.tls.ca)).to.eql([[PEM], [PEM]]);
    fs.rmSync(dir, {recursive: true});
  });

  it('keys rolesFromGroups by normalised DN or cn, never by a prototype name', () => {
    const {ldap} = parseProvidersConfig(
      {
        corp: ldapEntry({
          // As JSON.parse reads a file: `__proto__` as an own key.
          rolesFromGroups: JSON.parse(
            '{"CN=Editors, OU=Groups,DC=example,DC=org": "editor", "__proto__": "admin"}',
          ),
        }),
      },
      {baseUrl: BASE_URL},
    );
    expect(Object.keys(ldap[0]!.rolesFromGroups)).to.eql([
      'cn=editors,ou=groups,dc=example,dc=org',
    ]);
  });

  it('still refuses a scheme it cannot serve, naming ldap among the choices', () => {
    expect(
      problemsOf({corp: ldapEntry({authScheme: 'kerberos'})}),
    ).to.containDeep([
      'providers.json: corp.authScheme "kerberos" is not supported: use "oAuth 2.0", "oAuth 1.0", "OpenID Connect", "ldap" or "saml"',
    ]);
  });
});
