import path from 'node:path';
import {Env} from './load-config';
import {
  defaultModuleOf,
  ProviderVendor,
  vendorOfModule,
} from '../services/providers/vendors';
import {
  oauth1Key,
  readAuthScheme,
  readIssuer,
  withOpenId,
} from './provider-auth-scheme';
import {
  AuthScheme,
  IGNORED_LB3_KEYS,
  KNOWN_KEYS,
  ProviderEntry,
} from './provider-entry';
import {ProviderEntryReader} from './provider-entry-reader';
import {resolveEnvReferences} from './provider-env-references';
import {ModuleResolver, resolveStrategyModule} from './provider-modules';

export interface EntryParseContext {
  env: Env;
  /** Public origin of the service: default callback URLs start with it. */
  baseUrl: string;
  /** Directory of providers.json, for `profileToUser` module paths. */
  baseDir: string;
  resolveModule: ModuleResolver;
  problems: string[];
  warnings: string[];
  /** The vendors that recognise entries (default modules, scopes…). */
  vendors: readonly ProviderVendor[];
}

const ENTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * An entry without its comments and with its `${VAR}`s filled in, or
 * undefined for entries that are disabled or that LoopBack 3 needed but
 * this service does not (`local`). Every kind of entry starts here.
 */
export function readyEntry(
  name: string,
  rawValue: unknown,
  ctx: EntryParseContext,
): Record<string, unknown> | undefined {
  const documented = usableEntry(name, rawValue, ctx);
  if (!documented) return undefined;
  return resolveEnvReferences(
    documented,
    name,
    ctx.env,
    ctx.problems,
  ) as Record<string, unknown>;
}

/** Checks one OAuth / OpenID Connect entry (see readyEntry) and normalises it. */
export function parseProviderEntry(
  name: string,
  raw: Record<string, unknown>,
  ctx: EntryParseContext,
): ProviderEntry {
  const read = new ProviderEntryReader(name, raw, ctx.problems);
  read.boolean('enabled', true);

  const provider = read.string('provider', true) ?? name;
  const {namedModule, authScheme, resolved} = readModule(read, provider, ctx);
  const {pkce, ...flow} = readFlow(read, authScheme, ctx);
  const profileToUser = readProfileToUser(read, ctx);
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
    ...flow,
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
    profileToUser,
    options: passThrough(raw),
  };
}

/**
 * The entry without its comments, or undefined (with the problem or warning
 * recorded) when it is not an object, is disabled, is badly named or is
 * LoopBack 3's `local`.
 */
function usableEntry(
  name: string,
  rawValue: unknown,
  ctx: EntryParseContext,
): Record<string, unknown> | undefined {
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
  return documented;
}

/** The Passport module (named, or the provider's usual one) and its scheme. */
function readModule(
  read: ProviderEntryReader,
  provider: string,
  ctx: EntryParseContext,
) {
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
      `${read.name}: "${resolved.aliasOf}" is not installed; using ${resolved.module} (${resolved.strategy}), which it re-exports`,
    );
  }
  return {namedModule, authScheme, resolved};
}

/** Credentials, routes, issuer and the flow's switches. */
function readFlow(
  read: ProviderEntryReader,
  authScheme: AuthScheme,
  ctx: EntryParseContext,
) {
  const name = read.name;
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
  return {
    credentials: {clientID, clientSecret, callbackURL},
    ...(issuer ? {issuer} : {}),
    authPath,
    callbackPath,
    login: !linkOnly,
    pkce,
  };
}

/** `profileToUser`, resolved against providers.json's directory. */
function readProfileToUser(
  read: ProviderEntryReader,
  ctx: EntryParseContext,
): string | undefined {
  const profileToUser = read.string('profileToUser');
  const profileToUserPath =
    profileToUser && path.resolve(ctx.baseDir, profileToUser);
  if (profileToUserPath && !canRequire(profileToUserPath)) {
    read.problem('profileToUser', `names no module: ${profileToUserPath}`);
  }
  return profileToUserPath;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
