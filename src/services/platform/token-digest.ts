import {createHash, randomBytes, timingSafeEqual} from 'node:crypto';

/**
 * A new unguessable token: `bytes` random bytes (at least 16), base64url
 * without padding, safe in URLs, headers and form bodies.
 */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 16) {
    // A programming error, not a client's: fewer than 128 bits is guessable.
    throw new RangeError(`randomToken needs at least 16 bytes, got ${bytes}`);
  }
  return randomBytes(bytes).toString('base64url');
}

/**
 * The SHA-256 digest of `token` as 64 lower-case hex characters: the only
 * form in which refresh tokens, email tokens and one-time codes are stored.
 * Hex rather than base64url: base64url is case-sensitive, and a database
 * with a case-insensitive collation would treat distinct digests as equal.
 * A plain hash (no salt, no argon2) suffices because the tokens themselves
 * carry 128 or more random bits.
 */
export function sha256Digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Compares two strings in time independent of where they differ. Both are
 * hashed first, so inputs of different lengths compare safely too and the
 * length of the secret is not revealed.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}

/** Whether `token` is the one whose `sha256Digest` is `digest`. */
export function matchesDigest(token: string, digest: string): boolean {
  return constantTimeEqual(sha256Digest(token), digest.toLowerCase());
}
