/**
 * Where session revocations live in the shared store (under the store's key
 * prefix, `identity:` in Redis by default). A module of its own, without
 * imports, so that an API reading the marks straight from Redis (the
 * package's identity-token strategy in store mode) shares the format and
 * loads nothing else of the service.
 */

/**
 * Present while the store holds every revocation the database knows of.
 * A store that lost its data lacks it: until a node of the service has
 * refilled the store, the absence of a mark proves nothing.
 */
export const REVOCATIONS_FILLED_KEY = 'revoked:filled';

/** The key whose presence marks every access token of the session revoked. */
export function revocationMarkKey(sessionId: string): string {
  return `revoked:session:${sessionId}`;
}
