import {SAML_VENDOR} from '../services/providers/vendors/saml';
import {readRolesFromGroups} from './ldap-entry-parser';
import {readStrings, warnUnused} from './ldap-entry-values';
import {ProviderEntry} from './provider-entry';
import {normalizePath} from './provider-paths';
import type {EntryParseContext} from './provider-entry-parser';
import {ProviderEntryReader} from './provider-entry-reader';
import {
  DEFAULT_CLOCK_SKEW_MS,
  DEFAULT_SAML_ATTRIBUTES,
  MAX_CLOCK_SKEW_MS,
  NAMEID_PERSISTENT,
  NAMEID_TRANSIENT,
  SAML_KEYS,
  SAML_MODULE,
  SAML_MODULES,
  SAML_REQUEST_OPTION_KEYS,
  SamlAttributeNames,
  SamlSettings,
} from './saml-entry';
import {readSamlIdp, readSamlPem} from './saml-entry-values';

/**
 * Checks one SAML 2.0 entry (already free of comments and `${VAR}`s) and
 * normalises it into a ProviderEntry with authScheme `saml`; every problem
 * names the entry and key.
 */
export function parseSamlEntry(
  name: string,
  raw: Record<string, unknown>,
  ctx: EntryParseContext,
): ProviderEntry {
  const read = new ProviderEntryReader(name, raw, ctx.problems);
  const module = read.string('module');
  if (module && !SAML_MODULES.has(module)) {
    read.problem(
      'module',
      `"${module}" cannot serve a SAML entry: leave it out, or name passport-saml`,
    );
  }
  warnUnused(name, raw, SAML_KEYS, ctx);
  const authPath = read.path('authPath', `/auth/${name}`);
  const callbackPath = readCallbackPath(read, name);
  const callbackURL = readCallbackUrl(read, ctx, callbackPath);
  const provider = read.string('provider') ?? name;
  return {
    name,
    // Identities are keyed by the entry: two IdPs never share NameIDs.
    provider: name,
    displayName: read.string('displayName') ?? capitalise(provider),
    module: SAML_MODULE,
    vendor: SAML_VENDOR,
    strategy: 'Strategy',
    authScheme: 'saml',
    credentials: {clientID: '', clientSecret: '', callbackURL},
    authPath,
    callbackPath,
    login: !read.boolean('link', false),
    scope: [],
    pkce: false,
    autoLinkByEmail: read.boolean('autoLinkByEmail', false),
    tokenExchange: false,
    successRedirect: read.string('successRedirect'),
    failureRedirect: read.string('failureRedirect'),
    authOptions: {},
    options: {},
    saml: readSettings(read, raw, ctx, callbackURL),
    rolesFromGroups: readRolesFromGroups(read),
    trustEmail: read.boolean('trustEmail', false),
  };
}

function readSettings(
  read: ProviderEntryReader,
  raw: Record<string, unknown>,
  ctx: EntryParseContext,
  callbackURL: string,
): SamlSettings {
  const spEntityId = read.string('issuer') ?? callbackURL;
  const privateKey = readSamlPem(read, ctx, ['privateKey', 'privateCert']);
  const decryptionPvk = readSamlPem(read, ctx, ['decryptionPvk']);
  const settings: SamlSettings = {
    ...readSamlIdp(read, ctx),
    spEntityId,
    audience: read.string('audience') ?? spEntityId,
    identifierFormat: readIdentifierFormat(read, raw),
    acceptedClockSkewMs: readClockSkew(read, raw),
    wantAssertionsSigned: read.boolean('wantAssertionsSigned', false),
    wantAuthnResponseSigned: read.boolean('wantAuthnResponseSigned', false),
    ...(privateKey ? {privateKey} : {}),
    ...optionalCert(read, ctx, 'publicCert'),
    signatureAlgorithm: readSignatureAlgorithm(read),
    ...(decryptionPvk ? {decryptionPvk} : {}),
    ...optionalCert(read, ctx, 'decryptionCert'),
    attributes: readAttributeNames(read, ctx),
    requestOptions: Object.fromEntries(
      SAML_REQUEST_OPTION_KEYS.filter(key => raw[key] !== undefined).map(
        key => [key, raw[key]],
      ),
    ),
  };
  warnWeakChoices(read.name, settings, ctx);
  return settings;
}

/** Choices that start, but weaken sign-in or cannot sign anyone in. */
function warnWeakChoices(
  name: string,
  settings: SamlSettings,
  ctx: Pick<EntryParseContext, 'warnings'>,
): void {
  if (settings.signatureAlgorithm === 'sha1') {
    ctx.warnings.push(
      `${name}.signatureAlgorithm is "sha1": responses signed or digested with SHA-1 are accepted from this IdP`,
    );
  }
  if (
    settings.identifierFormat === NAMEID_TRANSIENT &&
    !settings.attributes.id
  ) {
    ctx.warnings.push(
      `${name}.identifierFormat is transient but profileAttributes.id is not set: a transient NameID is never taken as an id, so no one can sign in`,
    );
  }
}

function optionalCert(
  read: ProviderEntryReader,
  ctx: EntryParseContext,
  key: 'publicCert' | 'decryptionCert',
): Partial<SamlSettings> {
  const pem = readSamlPem(read, ctx, [key], 'CERTIFICATE');
  return pem ? {[key]: pem} : {};
}

/**
 * Where the ACS is served: `callbackPath`, else a path-valued
 * `callbackURL` (the IdP posts to it on this service's own origin), else
 * `/auth/{name}/callback`.
 */
function readCallbackPath(read: ProviderEntryReader, name: string): string {
  const url = read.string('callbackURL');
  const urlPath = url?.startsWith('/') ? url : undefined;
  if (!read.has('callbackPath') && urlPath) return read.path('callbackURL', '');
  const callbackPath = read.path('callbackPath', `/auth/${name}/callback`);
  if (urlPath && normalizePath(urlPath) !== callbackPath) {
    read.problem(
      'callbackURL',
      `is "${urlPath}" but the ACS is served at callbackPath "${callbackPath}": the IdP would post where nothing answers`,
    );
  }
  return callbackPath;
}

/** LoopBack 3 wrote a path ("/auth/saml/callback") or an absolute URL. */
function readCallbackUrl(
  read: ProviderEntryReader,
  ctx: EntryParseContext,
  callbackPath: string,
): string {
  const value = read.string('callbackURL');
  if (!value) return `${ctx.baseUrl}${callbackPath}`;
  if (value.startsWith('/')) return `${ctx.baseUrl}${value}`;
  return read.url('callbackURL', false) ?? `${ctx.baseUrl}${callbackPath}`;
}

function readIdentifierFormat(
  read: ProviderEntryReader,
  raw: Record<string, unknown>,
): string | null {
  if (raw.identifierFormat === null) return null;
  return read.string('identifierFormat') ?? NAMEID_PERSISTENT;
}

function readClockSkew(
  read: ProviderEntryReader,
  raw: Record<string, unknown>,
): number {
  const value = raw.acceptedClockSkewMs;
  if (value === undefined || value === null) return DEFAULT_CLOCK_SKEW_MS;
  if (
    !Number.isInteger(value) ||
    (value as number) < 0 ||
    (value as number) > MAX_CLOCK_SKEW_MS
  ) {
    read.problem(
      'acceptedClockSkewMs',
      `must be a whole number of milliseconds from 0 to ${MAX_CLOCK_SKEW_MS}`,
    );
    return DEFAULT_CLOCK_SKEW_MS;
  }
  return value as number;
}

function readSignatureAlgorithm(
  read: ProviderEntryReader,
): SamlSettings['signatureAlgorithm'] {
  const value = read.string('signatureAlgorithm') ?? 'sha256';
  if (value === 'sha1' || value === 'sha256' || value === 'sha512') {
    return value;
  }
  read.problem(
    'signatureAlgorithm',
    `must be "sha256", "sha512" or "sha1", got "${value}"`,
  );
  return 'sha256';
}

/** `profileAttributes`: {id?, email, name, groups}, each a name or names. */
function readAttributeNames(
  read: ProviderEntryReader,
  ctx: EntryParseContext,
): SamlAttributeNames {
  const raw = read.object('profileAttributes');
  if (!raw) return DEFAULT_SAML_ATTRIBUTES;
  const inner = new ProviderEntryReader(
    `${read.name}.profileAttributes`,
    raw,
    ctx.problems,
  );
  warnUnused(inner.name, raw, new Set(['id', 'email', 'name', 'groups']), ctx);
  const id = inner.string('id');
  return {
    ...(id ? {id} : {}),
    email: readStrings(inner, raw, 'email') ?? DEFAULT_SAML_ATTRIBUTES.email,
    name: readStrings(inner, raw, 'name') ?? DEFAULT_SAML_ATTRIBUTES.name,
    groups: readStrings(inner, raw, 'groups') ?? DEFAULT_SAML_ATTRIBUTES.groups,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
