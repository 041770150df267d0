import fs from 'node:fs';
import path from 'node:path';
import {
  LDAP_KEYS,
  LDAP_SERVER_KEYS,
  LdapEntry,
  LdapProfileAttributes,
  LdapServer,
  LdapTls,
} from './ldap-entry';
import {checkSearchFilter, normalizeGroup} from './ldap-names';
import {ProviderEntryReader} from './provider-entry-reader';
import {
  isLoopback,
  readMillis,
  readStrings,
  warnUnused,
} from './ldap-entry-values';
import type {EntryParseContext} from './provider-entry-parser';

/** Modules an LDAP entry may name: LoopBack 3's runs on the service's client. */
const LDAP_MODULES = new Set(['passport-ldapauth', 'ldapts']);

/**
 * Checks one LDAP entry (already free of comments and `${VAR}`s) and
 * normalises it; every problem names the entry and key.
 */
export function parseLdapEntry(
  name: string,
  raw: Record<string, unknown>,
  ctx: EntryParseContext,
): LdapEntry {
  const read = new ProviderEntryReader(name, raw, ctx.problems);
  const module = read.string('module');
  if (module && !LDAP_MODULES.has(module)) {
    read.problem(
      'module',
      `"${module}" cannot serve an LDAP entry: leave it out, or name passport-ldapauth`,
    );
  }
  warnUnused(name, raw, LDAP_KEYS, ctx);
  const server = readServer(read, ctx);
  const usernameField = read.string('usernameField') ?? 'username';
  const passwordField = read.string('passwordField') ?? 'password';
  if (usernameField === passwordField) {
    read.problem('passwordField', 'must differ from usernameField');
  }
  return {
    name,
    provider: name,
    displayName: read.string('displayName') ?? name,
    authScheme: 'ldap',
    server,
    usernameField,
    passwordField,
    profileAttributes: readProfileAttributes(read),
    rolesFromGroups: readRolesFromGroups(read),
    trustEmail: read.boolean('trustEmail', false),
    autoLinkByEmail: read.boolean('autoLinkByEmail', false),
    login: true,
  };
}

/** What reading a server needs: where to report, where files are. */
export type ServerReadContext = Pick<
  EntryParseContext,
  'baseDir' | 'problems' | 'warnings'
>;

/**
 * The entry's `server` (passport-ldapauth's shape), checked: also the check
 * of an application's own server (PUT /applications/{id}/credentials).
 */
export function readServer(
  entry: ProviderEntryReader,
  ctx: ServerReadContext,
): LdapServer {
  const raw = entry.object('server') ?? {};
  if (!entry.has('server')) entry.problem('server', 'is missing');
  const read = new ProviderEntryReader(
    `${entry.name}.server`,
    raw,
    ctx.problems,
  );
  warnUnused(`${entry.name}.server`, raw, LDAP_SERVER_KEYS, ctx);
  const url = read.string('url', true) ?? '';
  const secure = url.startsWith('ldaps://');
  if (url && !secure && !url.startsWith('ldap://')) {
    read.problem('url', `must start with ldap:// or ldaps://, got "${url}"`);
  }
  const starttls = read.boolean('starttls', false);
  if (starttls && secure) {
    read.problem(
      'starttls',
      'applies to ldap:// only (ldaps:// is TLS already)',
    );
  }
  if (url && !secure && !starttls && !isLoopback(url)) {
    ctx.warnings.push(
      `${entry.name}.server.url sends passwords in the clear: use ldaps:// or "starttls": true`,
    );
  }
  const searchFilter = read.string('searchFilter', true) ?? '';
  const filterProblem = searchFilter && checkSearchFilter(searchFilter);
  if (filterProblem) read.problem('searchFilter', filterProblem);
  const bindDn = read.string('bindDn') ?? read.string('bindDN');
  const bindCredentials = read.string('bindCredentials');
  if (bindDn && !bindCredentials) {
    read.problem('bindCredentials', 'is missing (bindDn is set)');
  }
  return {
    url,
    ...(bindDn ? {bindDn} : {}),
    ...(bindCredentials ? {bindCredentials} : {}),
    searchBase: read.string('searchBase', true) ?? '',
    searchFilter,
    searchScope: readScope(read),
    searchAttributes: readStrings(read, raw, 'searchAttributes') ?? [],
    ...readGroupSearch(read),
    starttls,
    tls: readTls(read, ctx, secure || starttls),
    connectTimeout: readMillis(read, raw, 'connectTimeout', 5000),
    timeout: readMillis(read, raw, 'timeout', 10000),
  };
}

function readScope(read: ProviderEntryReader): LdapServer['searchScope'] {
  const scope = read.string('searchScope') ?? 'sub';
  if (scope === 'base' || scope === 'one' || scope === 'sub') return scope;
  read.problem('searchScope', `must be "base", "one" or "sub", got "${scope}"`);
  return 'sub';
}

function readGroupSearch(read: ProviderEntryReader) {
  const groupSearchBase = read.string('groupSearchBase');
  const groupSearchFilter = read.string('groupSearchFilter');
  if (!groupSearchBase && !groupSearchFilter) return {};
  if (!groupSearchBase || !groupSearchFilter) {
    read.problem(
      groupSearchBase ? 'groupSearchFilter' : 'groupSearchBase',
      'is missing (group search needs both groupSearchBase and groupSearchFilter)',
    );
    return {};
  }
  const problem = checkSearchFilter(groupSearchFilter, ['dn', 'username']);
  if (problem) read.problem('groupSearchFilter', problem);
  return {groupSearchBase, groupSearchFilter};
}

/** `tlsOptions`: the CA as PEM (`ca`, a string or array) or a file (`caFile`). */
function readTls(
  read: ProviderEntryReader,
  ctx: ServerReadContext,
  usesTls: boolean,
): LdapTls {
  const options = read.object('tlsOptions') ?? {};
  const tls = new ProviderEntryReader(
    `${read.name}.tlsOptions`,
    options,
    ctx.problems,
  );
  let ca = readStrings(tls, options, 'ca');
  const caFile = tls.string('caFile');
  if (caFile) {
    const file = path.resolve(ctx.baseDir, caFile);
    try {
      ca = [...(ca ?? []), fs.readFileSync(file, 'utf8')];
    } catch (err) {
      tls.problem('caFile', `cannot be read: ${file} (${err.code})`);
    }
  }
  if (ca?.some(pem => !pem.includes('-----BEGIN CERTIFICATE-----'))) {
    tls.problem(
      'ca',
      'must hold PEM certificates (-----BEGIN CERTIFICATE-----)',
    );
  }
  const rejectUnauthorized = tls.boolean('rejectUnauthorized', true);
  if (!rejectUnauthorized && usesTls) {
    ctx.warnings.push(
      `${read.name}.tlsOptions.rejectUnauthorized is false: the directory's certificate is not checked`,
    );
  }
  const servername = tls.string('servername');
  return {
    ...(ca?.length ? {ca} : {}),
    rejectUnauthorized,
    ...(servername ? {servername} : {}),
  };
}

/**
 * LoopBack 3's `profileAttributesFromLDAP` (profile field → attribute) and
 * its older `LdapAttributeFor…` keys.
 */
function readProfileAttributes(
  read: ProviderEntryReader,
): LdapProfileAttributes {
  const mapped = read.stringMap('profileAttributesFromLDAP') ?? {};
  const id = mapped.id ?? mapped.externalId;
  return {
    ...(id ? {id} : {}),
    username:
      mapped.username ??
      mapped.login ??
      read.string('LdapAttributeForUsername') ??
      read.string('LdapAttributeForLogin') ??
      'uid',
    name: mapped.displayName ?? mapped.name ?? 'displayName',
    email:
      mapped.email ??
      mapped.mail ??
      read.string('LdapAttributeForMail') ??
      'mail',
  };
}

/** Group DN or cn → role; each role a plain name (SAML entries too). */
export function readRolesFromGroups(
  read: ProviderEntryReader,
): Record<string, string> {
  const map = read.stringMap('rolesFromGroups') ?? {};
  const roles: Record<string, string> = {};
  for (const [group, role] of Object.entries(map)) {
    if (!/^[A-Za-z0-9._:-]{1,64}$/.test(role)) {
      read.problem(`rolesFromGroups.${group}`, `is not a role name: "${role}"`);
      continue;
    }
    roles[normalizeGroup(group)] = role;
  }
  return roles;
}
