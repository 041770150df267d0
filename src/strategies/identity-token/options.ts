/**
 * How an API that accepts the identity service's access tokens learns of a
 * revocation (a sign-out, `DELETE /sessions/{id}`, a password reset) before
 * the token expires:
 *
 * - `introspection`: asks the service's introspection endpoint (RFC 7662)
 *   as a confidential application, remembering each answer for
 *   `cacheTtlMs` (default 5000; 0 asks on every request);
 * - `store`: reads the revocation marks the service writes in the Redis it
 *   shares with the API (`REDIS_URL`), under `keyPrefix` (`identity:`);
 * - `'none'`: a token stays valid until it expires.
 */
export type RevocationOption =
  | {
      introspection: {
        clientId: string;
        clientSecret: string;
        cacheTtlMs?: number;
      };
    }
  | {store: {redisUrl: string; keyPrefix?: string}}
  | 'none';

/** What `registerIdentityTokenStrategy` and `IdentityTokenComponent` take. */
export interface IdentityTokenOptions {
  /** The service's `BASE_URL`, exactly as its tokens' `iss` carries it. */
  issuer: string;
  /** The `aud` this API accepts: its resource identifier, or a client id. */
  audience: string | string[];
  /** Scopes every route needs unless its `@authenticate` names its own. */
  requiredScopes?: string[];
  revocation: RevocationOption;
  /** Seconds of clock difference tolerated on `exp` and `nbf` (default 5). */
  clockToleranceSec?: number;
  /**
   * A token naming an unknown key fetches the key set again at most once in
   * this many milliseconds (default 1000), so forged key ids cannot make the
   * API hammer the service.
   */
  jwksCooldownMs?: number;
  /** The `realm` of the `WWW-Authenticate` challenges; none by default. */
  realm?: string;
}

/** The options after the checks, with every default filled in. */
export interface ResolvedOptions {
  issuer: string;
  audience: string[];
  requiredScopes: string[];
  revocation:
    | {
        kind: 'introspection';
        clientId: string;
        clientSecret: string;
        cacheTtlMs: number;
      }
    | {kind: 'store'; redisUrl: string; keyPrefix?: string}
    | {kind: 'none'};
  clockToleranceSec: number;
  jwksCooldownMs: number;
  realm?: string;
}

/** A misconfiguration, named by its option path, raised when mounting. */
export class IdentityTokenConfigError extends Error {
  constructor(path: string, problem: string) {
    super(`identity-token strategy: ${path} ${problem}`);
    this.name = 'IdentityTokenConfigError';
  }
}

/** RFC 6749 §3.3 scope-token: printable ASCII but space, `"` and `\`. */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** What a header's quoted-string may hold here (RFC 6750 §3). */
const REALM = /^[\x20\x21\x23-\x5B\x5D-\x7E]*$/;

/** Checks each option and fills in the defaults; throws IdentityTokenConfigError. */
export function resolveOptions(options: IdentityTokenOptions): ResolvedOptions {
  const audience = [options.audience].flat();
  if (!audience.length || audience.some(a => typeof a !== 'string' || !a)) {
    throw new IdentityTokenConfigError(
      'audience',
      'must name at least one audience',
    );
  }
  const requiredScopes = checkScopes(
    'requiredScopes',
    options.requiredScopes ?? [],
  );
  if (options.realm !== undefined && !REALM.test(options.realm)) {
    throw new IdentityTokenConfigError(
      'realm',
      'must be printable ASCII without " or \\',
    );
  }
  return {
    issuer: checkIssuer(options.issuer),
    audience,
    requiredScopes,
    revocation: resolveRevocation(options.revocation),
    clockToleranceSec: nonNegative(
      'clockToleranceSec',
      options.clockToleranceSec,
      5,
    ),
    jwksCooldownMs: nonNegative('jwksCooldownMs', options.jwksCooldownMs, 1000),
    realm: options.realm,
  };
}

/** The scopes of a route's `@authenticate` options, checked the same way. */
export function checkScopes(path: string, scopes: unknown): string[] {
  if (
    !Array.isArray(scopes) ||
    scopes.some(s => typeof s !== 'string' || !SCOPE_TOKEN.test(s))
  ) {
    throw new IdentityTokenConfigError(
      path,
      'must be an array of RFC 6749 scope tokens',
    );
  }
  return scopes as string[];
}

function checkIssuer(issuer: unknown): string {
  let url: URL | undefined;
  try {
    url = new URL(String(issuer));
  } catch {
    url = undefined;
  }
  if (
    typeof issuer !== 'string' ||
    !url ||
    !/^https?:$/.test(url.protocol) ||
    url.search ||
    url.hash
  ) {
    throw new IdentityTokenConfigError(
      'issuer',
      "must be the service's BASE_URL, an http(s) URL without query or fragment",
    );
  }
  return issuer;
}

function resolveRevocation(
  revocation: RevocationOption | undefined,
): ResolvedOptions['revocation'] {
  if (revocation === 'none') return {kind: 'none'};
  if (revocation && 'introspection' in revocation) {
    const {clientId, clientSecret, cacheTtlMs} = revocation.introspection;
    for (const [key, value] of Object.entries({clientId, clientSecret})) {
      if (typeof value !== 'string' || !value) {
        throw new IdentityTokenConfigError(
          `revocation.introspection.${key}`,
          'is missing',
        );
      }
    }
    const ttl = nonNegative(
      'revocation.introspection.cacheTtlMs',
      cacheTtlMs,
      5000,
    );
    return {kind: 'introspection', clientId, clientSecret, cacheTtlMs: ttl};
  }
  if (revocation && 'store' in revocation) {
    const {redisUrl, keyPrefix} = revocation.store;
    if (typeof redisUrl !== 'string' || !/^rediss?:\/\//.test(redisUrl)) {
      throw new IdentityTokenConfigError(
        'revocation.store.redisUrl',
        'must be a redis:// or rediss:// URL',
      );
    }
    return {kind: 'store', redisUrl, keyPrefix};
  }
  throw new IdentityTokenConfigError(
    'revocation',
    "must be {introspection: {…}}, {store: {…}} or 'none'",
  );
}

function nonNegative(
  path: string,
  value: number | undefined,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) {
    throw new IdentityTokenConfigError(path, 'must be a number of at least 0');
  }
  return value;
}
