import {DEFAULT_GRANT_TYPES, GrantType, MAX_SCOPE_LENGTH} from '../../models';
import {isBuiltInClient} from '../platform/web-client';
import {ACCOUNT_SCOPE} from '../tokens/account-scope';

export {MAX_SCOPE_LENGTH};

/** A scope of OpenID Connect Core §5.4 and the claims it releases. */
export interface StandardScope {
  readonly name: string;
  /** Claims of the ID token and userinfo this scope adds (beyond `sub`). */
  readonly claims: readonly string[];
}

/**
 * The OpenID Connect scopes the service grants, with the claims of its
 * users they release: only claims a `User` actually has (`address` and
 * `phone` are reserved below but not offered, since no user has them).
 * A Map, not an object: a requested `__proto__` or `constructor` must find
 * nothing rather than a property of `Object.prototype`.
 */
export const STANDARD_SCOPES: ReadonlyMap<string, StandardScope> = new Map(
  [
    {name: 'openid', claims: []},
    {name: 'profile', claims: ['name', 'preferred_username', 'updated_at']},
    {name: 'email', claims: ['email', 'email_verified']},
    {name: 'offline_access', claims: []},
  ].map(scope => [scope.name, scope]),
);

/** Managing the account (`tokens/account-scope.ts`, where it is enforced). */
export {ACCOUNT_SCOPE};

/**
 * Names no Resource may define: the OpenID Connect scopes (including
 * `address` and `phone`, which the service does not offer but clients know)
 * and the account scope. Compared case-insensitively, so `OpenID` cannot
 * pass for one of them on a consent page.
 */
export const RESERVED_SCOPES: ReadonlySet<string> = new Set([
  ...STANDARD_SCOPES.keys(),
  'address',
  'phone',
  ACCOUNT_SCOPE,
]);

/** RFC 6749 §3.3 scope-token: 1*( %x21 / %x23-5B / %x5D-7E ). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** Whether `value` is a scope token (RFC 6749 §3.3) of at most MAX_SCOPE_LENGTH. */
export function isScopeToken(value: string): boolean {
  return value.length <= MAX_SCOPE_LENGTH && SCOPE_TOKEN.test(value);
}

/** Whether `value` is reserved (see RESERVED_SCOPES), in any letter case. */
export function isReservedScope(value: string): boolean {
  return RESERVED_SCOPES.has(value.toLowerCase());
}

/**
 * The scopes of a `scope` parameter (space-delimited, RFC 6749 §3.3), in
 * order, without duplicates. Runs of spaces are tolerated.
 */
export function parseScopeParameter(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(' ').filter(s => s.length > 0))];
}

/** The user claims that `scopes` release, each once, in catalogue order. */
export function claimsOf(scopes: Iterable<string>): string[] {
  const asked = new Set(scopes);
  return [...STANDARD_SCOPES.values()]
    .filter(scope => asked.has(scope.name))
    .flatMap(scope => scope.claims);
}

/** What the rules read of an application (an `Application` fits). */
export interface ScopeClient {
  readonly id: string;
  readonly firstParty?: boolean;
  /** Absent on rows older than the field: DEFAULT_GRANT_TYPES. */
  readonly grantTypes?: readonly GrantType[];
  /** The resource scopes it may ask for. */
  readonly scopes?: readonly string[];
}

/** What the rules read of a Resource (a `Resource` fits). */
export interface ScopeResource {
  readonly identifier: string;
  readonly scopes?: readonly string[];
}

/** The outcome: what to grant, and what was asked for and left out. */
export interface ScopeGrant {
  readonly granted: string[];
  readonly dropped: string[];
}

/**
 * Whether the token is for a user (authorization code, refresh) or for the
 * application itself (client credentials: no user, so no user scopes).
 */
export type ScopeSubject = 'user' | 'client';

/**
 * Which of the `requested` scopes `application` may be granted when the
 * request names `resources` (RFC 8707; the caller resolved them, and
 * refused unknown ones). The rules:
 * - the OpenID Connect scopes (`openid`, `profile`, `email`) for a user;
 *   `offline_access` only to an application allowed `refresh_token`;
 * - a resource scope only when the application lists it and one of the
 *   named resources defines it: a scope of an API not named is not granted
 *   for another API's audience;
 * - `account` to first-party applications only, for a user, and to them
 *   always, asked for or not;
 * - anything else (unknown, `address`, `phone`, reserved names) is dropped.
 *
 * Unknown scopes are dropped, never refused with `invalid_scope`: RFC 6749
 * §3.3 lets the server ignore part of the request and OpenID Connect Core
 * §3.1.2.1 says scopes it does not understand SHOULD be ignored; the token
 * response's `scope` tells the client what it got.
 */
export function grantableScopes(
  application: ScopeClient,
  requested: Iterable<string>,
  resources: readonly ScopeResource[],
  subject: ScopeSubject = 'user',
): ScopeGrant {
  const firstParty = isFirstParty(application);
  const granted: string[] = [];
  const dropped: string[] = [];
  for (const scope of new Set(requested)) {
    const allowed =
      scope === ACCOUNT_SCOPE
        ? firstParty && subject === 'user'
        : otherAllowed(application, scope, resources, subject);
    (allowed ? granted : dropped).push(scope);
  }
  if (firstParty && subject === 'user' && !granted.includes(ACCOUNT_SCOPE)) {
    granted.push(ACCOUNT_SCOPE);
  }
  return {granted, dropped};
}

/**
 * `web` and `explorer` always are, whatever their rows say (as
 * FirstPartyPolicyService holds).
 */
function isFirstParty(application: ScopeClient): boolean {
  return isBuiltInClient(application.id) || application.firstParty === true;
}

function otherAllowed(
  application: ScopeClient,
  scope: string,
  resources: readonly ScopeResource[],
  subject: ScopeSubject,
): boolean {
  if (STANDARD_SCOPES.has(scope)) {
    if (subject !== 'user') return false;
    if (scope !== 'offline_access') return true;
    const grants = application.grantTypes ?? DEFAULT_GRANT_TYPES;
    return grants.includes('refresh_token');
  }
  // Reserved names never come from a resource, whatever a row says.
  if (isReservedScope(scope)) return false;
  if (!(application.scopes ?? []).includes(scope)) return false;
  return resources.some(resource => (resource.scopes ?? []).includes(scope));
}
