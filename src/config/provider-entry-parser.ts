import path from 'node:path';
import {Env} from './load-config';
import {
  AuthScheme,
  IGNORED_LB3_KEYS,
  KNOWN_KEYS,
  ProviderEntry,
} from './provider-entry';
import {ProviderEntryReader} from './provider-entry-reader';
import {resolveEnvReferences} from './provider-env-references';
import {ModuleResolver, resolveStrategyModule} from './provider-modules';
import {
  defaultModuleOf,
  ProviderVendor,
  vendorOfModule,
} from '../services/providers/vendors';

export interface EntryParseContext {
  env: Env;
  /** Public origin of the service: default callback URLs start with it. */
  baseUrl: string;
  /** Directory of providers.json, for `profileToUser` module paths. */
  baseDir: string;
  resolveModule: ModuleResolver;
  /** The vendors that recognise entries (default modules, scopes…). */
  vendors: readonly ProviderVendor[];
  problems: string[];
  warnings: string[];
}

const ENTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Checks one entry and normalises it. Returns undefined for entries that are
 * disabled or that LoopBack 3 needed but this service does not (`local`).
 */
export function parseProviderEntry(
  name: string,
  rawValue: unknown,
  ctx: EntryParseContext,
): ProviderEntry | undefined {
  if (!rawValue || typeof rawValue !== 'object' || Array.isArray(rawValue)) {
    ctx.problems.push(`${name} must be an object`);
    return undefined;
  }
  const documented = withoutComments(rawValue as Record<string, unknown>);
  if (documented.enabled === false) return undefined;
  // The name becomes a path segment (/auth/{name}); the router cannot route
  // one named like an Object.prototype property (see input-guard.middleware).
  if (!ENTRY_NAME.test(name) || name in Object.prototype) {
    ctx.problems.push(
      `"${name}" cannot name an entry: use letters, digits, "-", "." and "_"`,
    );
    return undefined;
  }
  if (documented.provider === 'local') {
    ctx.warnings.push(
      `${name}: local accounts are built in (POST /auth/login); the entry is ignored`,
    );
    return undefined;
  }
  const raw = resolveEnvReferences(
    documented,
    name,
    ctx.env,
    ctx.problems,
  ) as Record<string, unknown>;
  const read = new ProviderEntryReader(name, raw, ctx.problems);
  read.boolean('enabled', true);

  const provider = read.string('provider', true) ?? name;
  const namedModule =
    read.string('module') ?? defaultModuleOf(provider, ctx.vendors);
  if (!namedModule) read.problem('module', 'is missing');
  const authScheme = readAuthScheme(read, namedModule);
  const resolved = namedModule
    ? resolveStrategyModule(
        namedModule,
        read.string('strategy') ?? 'Strategy',
        ctx.resolveModule,
      )
    : undefined;
  if (namedModule && !resolved) {
    read.problem(
      'module',
      `"${namedModule}" is not installed: run npm install ${namedModule}`,
    );
  }
  if (resolved?.aliasOf) {
    ctx.warnings.push(
      `${name}: "${resolved.aliasOf}" is not installed; using ${resolved.module} (${resolved.strategy}), which it re-exports`,
    );
  }

  const idKey = authScheme === 'oauth1' ? oauth1Key(read, 'Key') : 'clientID';
  const secretKey =
    authScheme === 'oauth1' ? oauth1Key(read, 'Secret') : 'clientSecret';
  const clientID = read.string(idKey, true) ?? '';
  const clientSecret = read.string(secretKey, true) ?? '';
  const authPath = read.path('authPath', `/auth/${name}`);
  const callbackPath = read.path('callbackPath', `/auth/${name}/callback`);
  const callbackURL =
    read.url('callbackURL', false) ?? `${ctx.baseUrl}${callbackPath}`;
  const issuer = authScheme === 'oidc' ? readIssuer(read) : undefined;
  const linkOnly = read.boolean('link', false);
  const pkce = read.boolean('pkce', authScheme === 'oidc');
  if (pkce && authScheme === 'oauth1') {
    read.problem('pkce', 'applies to OAuth 2.0 and OpenID Connect only');
  }
  if (!pkce && authScheme === 'oidc') {
    read.problem('pkce', 'cannot be false: openid-client always uses PKCE');
  }
  const profileToUser = read.string('profileToUser');
  const profileToUserPath =
    profileToUser && path.resolve(ctx.baseDir, profileToUser);
  if (profileToUserPath && !canRequire(profileToUserPath)) {
    read.problem('profileToUser', `names no module: ${profileToUserPath}`);
  }

  const loadedModule = resolved?.module ?? namedModule ?? '';
  const vendor = vendorOfModule(loadedModule, ctx.vendors);

  return {
    name,
    provider,
    displayName: read.string('displayName') ?? capitalise(provider),
    module: loadedModule,
    vendor,
    strategy: resolved?.strategy ?? 'Strategy',
    authScheme,
    credentials: {clientID, clientSecret, callbackURL},
    ...(issuer ? {issuer} : {}),
    authPath,
    callbackPath,
    login: !linkOnly,
    scope: withOpenId(
      read.scope('scope') ?? [...vendor.defaultScope],
      authScheme,
    ),
    pkce,
    autoLinkByEmail: read.boolean('autoLinkByEmail', false),
    tokenExchange: read.boolean('tokenExchange', false),
    successRedirect: read.string('successRedirect'),
    failureRedirect: read.string('failureRedirect'),
    authOptions: read.object('authOptions') ?? {},
    profileMapping: read.stringMap('profileMapping'),
    profileToUser: profileToUserPath,
    options: passThrough(raw),
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function readAuthScheme(
  read: ProviderEntryReader,
  module: string | undefined,
): AuthScheme {
  const raw = read.string('authScheme');
  const fallback: AuthScheme = module === 'openid-client' ? 'oidc' : 'oauth2';
  if (raw === undefined) return fallback;
  const scheme = normalizeAuthScheme(raw);
  if (!scheme) {
    read.problem(
      'authScheme',
      `"${raw}" is not supported: use "oAuth 2.0", "oAuth 1.0" or "OpenID Connect"`,
    );
    return fallback;
  }
  if ((module === 'openid-client') !== (scheme === 'oidc')) {
    read.problem(
      'authScheme',
      `"${raw}" does not fit module "${module}": OpenID Connect entries use openid-client`,
    );
  }
  return scheme;
}

/** `oAuth 2.0`, `OAuth2`, `oauth`, `oAuth 1.0a`, `openid connect`, `OIDC`… */
export function normalizeAuthScheme(raw: string): AuthScheme | undefined {
  const key = raw.toLowerCase().replace(/[\s._-]/g, '');
  if (['oauth2', 'oauth20'].includes(key)) return 'oauth2';
  if (['oauth', 'oauth1', 'oauth10', 'oauth10a', 'oauth1a'].includes(key)) {
    return 'oauth1';
  }
  if (['oidc', 'openid', 'openidconnect'].includes(key)) return 'oidc';
  return undefined;
}

/** LoopBack 3 spelled oAuth 1 keys consumerKey/consumerSecret. */
function oauth1Key(read: ProviderEntryReader, part: 'Key' | 'Secret'): string {
  const clientKey = part === 'Key' ? 'clientID' : 'clientSecret';
  return read.has(`consumer${part}`) || !read.has(clientKey)
    ? `consumer${part}`
    : clientKey;
}

function readIssuer(read: ProviderEntryReader): string | undefined {
  const issuer = read.url('issuer', true);
  if (!issuer) return undefined;
  const {protocol, hostname} = new URL(issuer);
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
  if (protocol === 'http:' && !loopback) {
    read.problem('issuer', `must use https, got "${issuer}"`);
  }
  return issuer;
}

function withOpenId(scope: string[], scheme: AuthScheme): string[] {
  if (scheme !== 'oidc' || scope.includes('openid')) return scope;
  return ['openid', ...scope];
}

function passThrough(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(raw).filter(
      ([key]) => !KNOWN_KEYS.has(key) && !IGNORED_LB3_KEYS.has(key),
    ),
  );
}

/** JSON has no comments: keys starting with `_` document, and are dropped. */
export function withoutComments(
  value: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).filter(([key]) => !key.startsWith('_')),
  );
}

function canRequire(file: string): boolean {
  try {
    require.resolve(file);
    return true;
  } catch {
    return false;
  }
}
