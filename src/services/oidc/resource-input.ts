import {AppError} from '../../errors';
import {ACCESS_TOKEN_TTL_MAX} from '../../models';
import {isReservedScope, isScopeToken, MAX_SCOPE_LENGTH} from './scopes';

/** Longest identifier: the same bound as redirect URIs. */
export const MAX_IDENTIFIER_LENGTH = 2048;
/** Most scopes one resource defines. */
export const MAX_RESOURCE_SCOPES = 100;
/**
 * Bounds of a resource's access-token lifetime, in seconds: a token shorter
 * than a minute expires in flight; the longest is the model's (revocations
 * are remembered that long).
 */
export const ACCESS_TOKEN_TTL_MIN = 60;
export {ACCESS_TOKEN_TTL_MAX};

/** Printable ASCII, as every URI the service stores (see application-input.ts). */
const URI_CHARACTERS = /^[\x21-\x7e]+$/;

/**
 * Checks a resource identifier (RFC 8707 §2): an absolute http or https URI
 * without fragment, user info or query, as it will be compared, byte for
 * byte, with the `resource` parameter and put in `aud`. Throws
 * `INVALID_RESOURCE`.
 */
export function checkResourceIdentifier(identifier: string): string {
  const refuse = (why: string) =>
    new AppError(
      'INVALID_RESOURCE',
      `identifier ${JSON.stringify(identifier.slice(0, 80))}: ${why}`,
    );
  if (identifier.length > MAX_IDENTIFIER_LENGTH) throw refuse('too long');
  if (!URI_CHARACTERS.test(identifier)) {
    throw refuse('a URI is printable ASCII without spaces (percent-encode)');
  }
  let url: URL;
  try {
    url = new URL(identifier);
  } catch {
    throw refuse('not an absolute URI, e.g. https://api.example.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw refuse('must be an https or http URI');
  }
  if (identifier.includes('#')) throw refuse('must not have a fragment');
  // RFC 8707 §2: SHOULD NOT have a query; it would make exact matching
  // depend on parameter order.
  if (identifier.includes('?')) throw refuse('must not have a query');
  if (url.username || url.password) throw refuse('must not hold user info');
  return identifier;
}

/**
 * Checks the scopes a resource defines: RFC 6749 §3.3 scope tokens
 * (printable ASCII but space, `"` and `\`), none of the reserved names.
 * Duplicates are removed, order kept. Throws `INVALID_SCOPE`.
 */
export function checkResourceScopes(scopes: readonly string[]): string[] {
  const unique = [...new Set(scopes)];
  if (unique.length > MAX_RESOURCE_SCOPES) {
    throw new AppError(
      'INVALID_SCOPE',
      `A resource defines at most ${MAX_RESOURCE_SCOPES} scopes.`,
    );
  }
  for (const scope of unique) {
    if (!isScopeToken(scope)) {
      throw new AppError(
        'INVALID_SCOPE',
        `scope ${JSON.stringify(scope.slice(0, 80))}: a scope is 1 to ${MAX_SCOPE_LENGTH} printable ASCII characters without space, " or \\`,
      );
    }
    if (isReservedScope(scope)) {
      throw new AppError(
        'INVALID_SCOPE',
        `scope ${scope}: reserved for OpenID Connect or the account itself`,
      );
    }
  }
  return unique;
}

/** Checks an access-token lifetime in whole seconds. Throws `INVALID_RESOURCE`. */
export function checkAccessTokenTtl(seconds: number): number {
  if (
    !Number.isInteger(seconds) ||
    seconds < ACCESS_TOKEN_TTL_MIN ||
    seconds > ACCESS_TOKEN_TTL_MAX
  ) {
    throw new AppError(
      'INVALID_RESOURCE',
      `accessTokenTtl must be whole seconds from ${ACCESS_TOKEN_TTL_MIN} to ${ACCESS_TOKEN_TTL_MAX}.`,
    );
  }
  return seconds;
}
