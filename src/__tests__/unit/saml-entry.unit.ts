import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  loadProvidersConfig,
  parseProvidersConfig,
  ProviderEntry,
} from '../../config/providers-config';
import {
  DEFAULT_CLOCK_SKEW_MS,
  NAMEID_PERSISTENT,
} from '../../config/saml-entry';
import {BASE_URL, problemsOf} from '../fixtures/providers-config';
import {givenSigningKey} from '../fixtures/saml-forge';

const IDP = {key: '', cert: ''};
const ENTRY_POINT = 'https://idp.example.org/saml2/sso';

/** A SAML entry as LoopBack 3 wrote one, `extra` on top. */
function samlEntry(extra: object = {}): Record<string, unknown> {
  return {
    provider: 'saml',
    module: 'passport-saml',
    entryPoint: ENTRY_POINT,
    issuer: 'https://id.example.com/saml',
    cert: IDP.cert,
    ...extra,
  };
}

function parsed(extra: object = {}): {
  entry: ProviderEntry;
  warnings: readonly string[];
} {
  const {entries, warnings} = parseProvidersConfig(
    {corp: samlEntry(extra)},
    {baseUrl: BASE_URL},
  );
  return {entry: entries[0]!, warnings};
}

/** The certificate's base64 body alone, as LoopBack 3 files often hold it. */
function bareBody(pem: string): string {
  return pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
}

describe('providers.json SAML 2.0 entries (unit)', () => {
  before(() => Object.assign(IDP, givenSigningKey()));

  it('names entry and key of every problem', () => {
    expect(
      problemsOf({
        corp: samlEntry({
          module: 'passport-wsfed-saml2',
          authScheme: 'saml',
          entryPoint: undefined,
          cert: undefined,
        }),
        bad: samlEntry({
          entryPoint: 'http://idp.example.org/sso',
          cert: 'not a certificate',
          acceptedClockSkewMs: 5 * 60_000 + 1,
        }),
      }),
    ).to.eql([
      'providers.json: corp.module "passport-wsfed-saml2" cannot serve a SAML entry: leave it out, or name passport-saml',
      'providers.json: corp.entryPoint is missing',
      "providers.json: corp.cert is missing: the IdP's signing certificate (responses are never accepted unsigned)",
      'providers.json: bad.entryPoint must use https, got "http://idp.example.org/sso"',
      'providers.json: bad.cert is not a PEM or base64 X.509 certificate',
      'providers.json: bad.acceptedClockSkewMs must be a whole number of milliseconds from 0 to 300000',
    ]);
  });

  it('takes http for an IdP on a loopback host only', () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]']) {
      const {entry} = parsed({entryPoint: `http://${host}:8080/sso`});
      expect(entry.saml!.entryPoint).to.equal(`http://${host}:8080/sso`);
    }
    for (const host of ['localhost.evil.test', '127.0.0.1.nip.io']) {
      expect(
        problemsOf({corp: samlEntry({entryPoint: `http://${host}/sso`})}),
      ).to.eql([
        `providers.json: corp.entryPoint must use https, got "http://${host}/sso"`,
      ]);
    }
  });

  it('warns of keys it does not read, naming entry and key', () => {
    const {warnings} = parsed({wantAssertionSigned: true, racComparisn: 'x'});
    expect(warnings).to.eql([
      'providers.json: corp.wantAssertionSigned is not used',
      'providers.json: corp.racComparisn is not used',
    ]);
  });

  it('warns that an entry accepts SHA-1, or asks for a transient NameID with no id attribute', () => {
    expect(parsed().warnings).to.eql([]);
    expect(
      parsed({
        signatureAlgorithm: 'sha1',
        identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
      }).warnings,
    ).to.eql([
      'providers.json: corp.signatureAlgorithm is "sha1": responses signed or digested with SHA-1 are accepted from this IdP',
      'providers.json: corp.identifierFormat is transient but profileAttributes.id is not set: a transient NameID is never taken as an id, so no one can sign in',
    ]);
  });

  it('accepts a certificate as its bare base64 body, and several for a rollover', () => {
    const other = givenSigningKey('next.idp.test');
    const {entry} = parsed({cert: [bareBody(IDP.cert), other.cert]});
    expect(entry.saml!.idpCert.map(bareBody)).to.eql([
      bareBody(IDP.cert),
      bareBody(other.cert),
    ]);
    expect(entry.saml!.idpCert[0]).to.startWith('-----BEGIN CERTIFICATE-----');
  });

  it('reads certPath relative to providers.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saml-entry-'));
    fs.mkdirSync(path.join(dir, 'certs'));
    fs.writeFileSync(path.join(dir, 'certs', 'idp.pem'), IDP.cert);
    const file = path.join(dir, 'providers.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        corp: samlEntry({cert: undefined, certPath: 'certs/idp.pem'}),
      }),
    );
    try {
      const {entries} = loadProvidersConfig(file, {baseUrl: BASE_URL});
      expect(entries[0]!.saml!.idpCert).to.eql([IDP.cert.trim() + '\n']);
      fs.rmSync(path.join(dir, 'certs', 'idp.pem'));
      expect(() => loadProvidersConfig(file, {baseUrl: BASE_URL})).to.throw(
        /corp\.certPath cannot read certs\/idp\.pem/,
      );
    } finally {
      fs.rmSync(dir, {recursive: true, force: true});
    }
  });

  it('serves the ACS where a path-valued callbackURL says', () => {
    const {entry} = parsed({callbackURL: '/auth/saml/callback'});
    expect(entry.credentials.callbackURL).to.equal(
      `${BASE_URL}/auth/saml/callback`,
    );
    expect(entry.callbackPath).to.equal('/auth/saml/callback');
    expect(
      problemsOf({
        corp: samlEntry({
          callbackURL: '/auth/saml/callback',
          callbackPath: '/auth/corp/acs',
        }),
      }),
    ).to.eql([
      'providers.json: corp.callbackURL is "/auth/saml/callback" but the ACS is served at callbackPath "/auth/corp/acs": the IdP would post where nothing answers',
    ]);
  });

  it('keeps an explicit callbackPath beside an absolute callbackURL', () => {
    const {entry} = parsed({
      callbackURL: 'https://proxy.example.com/id/auth/corp/acs',
      callbackPath: '/auth/corp/acs',
    });
    expect(entry.credentials.callbackURL).to.equal(
      'https://proxy.example.com/id/auth/corp/acs',
    );
    expect(entry.callbackPath).to.equal('/auth/corp/acs');
  });

  it('defaults to a persistent NameID, audience = issuer, a one-minute skew and the ACS at /auth/{name}/callback', () => {
    const {entry} = parsed();
    expect(entry).to.containDeep({
      provider: 'corp',
      authScheme: 'saml',
      callbackPath: '/auth/corp/callback',
      credentials: {callbackURL: `${BASE_URL}/auth/corp/callback`},
      trustEmail: false,
    });
    expect(entry.saml).to.containDeep({
      spEntityId: 'https://id.example.com/saml',
      audience: 'https://id.example.com/saml',
      identifierFormat: NAMEID_PERSISTENT,
      acceptedClockSkewMs: DEFAULT_CLOCK_SKEW_MS,
      wantAssertionsSigned: false,
      signatureAlgorithm: 'sha256',
    });
    const {entry: noIssuer} = parsed({issuer: undefined});
    expect(noIssuer.saml!.spEntityId).to.equal(
      `${BASE_URL}/auth/corp/callback`,
    );
    expect(noIssuer.saml!.audience).to.equal(noIssuer.saml!.spEntityId);
  });
});
