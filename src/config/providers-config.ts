import fs from 'node:fs';
import path from 'node:path';
import {ConfigError, Env} from './load-config';
import {ProviderEntry} from './provider-entry';
import {LdapEntry} from './ldap-entry';
import {parseLdapEntry} from './ldap-entry-parser';
import {parseSamlEntry} from './saml-entry-parser';
import {enterpriseSchemeOf} from './provider-auth-scheme';
import {
  parseProviderEntry,
  readyEntry,
  withoutComments,
} from './provider-entry-parser';
import {
  ClaimedPath,
  findDuplicatePaths,
  samlMetadataPath,
} from './provider-paths';
import {defaultModuleResolver, ModuleResolver} from './provider-modules';
import {PROVIDER_VENDORS, ProviderVendor} from '../services/providers/vendors';

export * from './provider-entry';

export interface ProvidersConfigOptions {
  /** Public origin of the service (`config.baseUrl`). */
  baseUrl: string;
  /** Where `${VAR}` references are looked up; process.env by default. */
  env?: Env;
  /** Replaces `require.resolve`, for tests. */
  resolveModule?: ModuleResolver;
  /** The vendors entries are recognised by; the service's own by default. */
  vendors?: readonly ProviderVendor[];
}

export interface LoadedProviders {
  /** Enabled entries, validated and deeply frozen, in file order. */
  readonly entries: readonly ProviderEntry[];
  /** Enabled LDAP / Active Directory entries (DESIGN §10), in file order. */
  readonly ldap: readonly LdapEntry[];
  /** Things the operator should know, e.g. an ignored `local` entry. */
  readonly warnings: readonly string[];
}

/**
 * Loads and checks providers.json once, at start. No file means local
 * accounts only. Throws a ConfigError listing every problem, each prefixed
 * with the file's name and naming the entry and key.
 */
export function loadProvidersConfig(
  file: string | undefined,
  options: ProvidersConfigOptions,
): LoadedProviders {
  if (!file) return {entries: [], ldap: [], warnings: []};
  const label = path.basename(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${label}: cannot read ${file} (${err.code})`]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError([`${label}: is not valid JSON (${err.message})`]);
  }
  return parseProvidersConfig(json, {
    ...options,
    label,
    baseDir: path.dirname(path.resolve(file)),
  });
}

/** The checks of `loadProvidersConfig` on already parsed JSON. */
export function parseProvidersConfig(
  json: unknown,
  options: ProvidersConfigOptions & {label?: string; baseDir?: string},
): LoadedProviders {
  const label = options.label ?? 'providers.json';
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new ConfigError([`${label}: must be an object of named entries`]);
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  const ctx = {
    env: options.env ?? process.env,
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    baseDir: options.baseDir ?? process.cwd(),
    resolveModule: options.resolveModule ?? defaultModuleResolver,
    vendors: options.vendors ?? PROVIDER_VENDORS,
    problems,
    warnings,
  };
  const entries: ProviderEntry[] = [];
  const ldap: LdapEntry[] = [];
  const topLevel = withoutComments(json as Record<string, unknown>);
  for (const [name, value] of Object.entries(topLevel)) {
    if (name.startsWith('$')) continue;
    const raw = readyEntry(name, value, ctx);
    if (!raw) continue;
    const enterprise = enterpriseSchemeOf(raw);
    if (enterprise === 'ldap') {
      ldap.push(parseLdapEntry(name, raw, ctx));
    } else if (enterprise === 'saml') {
      entries.push(parseSamlEntry(name, raw, ctx));
    } else {
      entries.push(parseProviderEntry(name, raw, ctx));
    }
  }
  problems.push(
    ...findDuplicatePaths([
      ...entries.flatMap(claimedPaths),
      ...ldap.map(e => ({
        path: `/auth/${e.name}/login`,
        owner: `the login route of ${e.name}`,
      })),
    ]),
  );
  if (problems.length) {
    throw new ConfigError(problems.map(p => `${label}: ${p}`));
  }
  return {
    entries: deepFreeze(entries),
    ldap: deepFreeze(ldap),
    warnings: warnings.map(w => `${label}: ${w}`),
  };
}

function claimedPaths(entry: ProviderEntry): ClaimedPath[] {
  return [
    {path: entry.authPath, owner: `${entry.name}.authPath`},
    {path: entry.callbackPath, owner: `${entry.name}.callbackPath`},
    {
      path: `/auth/${entry.name}/token`,
      owner: `the token exchange route of ${entry.name}`,
    },
    ...(entry.saml
      ? [
          {
            path: samlMetadataPath(entry),
            owner: `the SAML metadata route of ${entry.name}`,
          },
        ]
      : []),
  ];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
