import type {Session} from '../../models';
import {
  constantTimeEqual,
  randomToken,
  sha256Digest,
} from '../platform/token-digest';

/**
 * The one place that knows what a refresh token looks like and how a
 * session stores it. A refresh token is `<sessionId>.<secret>`: the session
 * id finds the row by its primary key, the secret is 32 random bytes (43
 * base64url characters). A session keeps only SHA-256 digests: of its current
 * token, and of the last few it rotated away, so that one of those coming
 * back is recognised as a copy.
 */

const SHAPE = /^([0-9a-f-]{36})\.([\w-]{43})$/;
const SECRET_BYTES = 32;
/** Rotated refresh tokens remembered per session, to recognise a replay. */
const ROTATED_KEPT = 20;

/** A refresh token as presented by a client, taken apart. */
export interface RefreshToken {
  readonly sessionId: string;
  readonly secret: string;
  /** What a session stores of it. */
  readonly digest: string;
}

/** How a session's stored digests change when its refresh token rotates. */
export interface RefreshTokenRotation {
  /** The new refresh token, for the client. */
  token: string;
  /** The session's new digests. */
  digests: Pick<Session, 'refreshTokenHash' | 'rotatedTokenHashes'>;
  /**
   * Matches the session only while the presented token is still its
   * current one: of two uses of the same token, the second matches nothing.
   */
  where: Pick<Session, 'id' | 'refreshTokenHash'>;
}

/** A new refresh token for a session. */
export function newRefreshToken(sessionId: string): string {
  return `${sessionId}.${randomToken(SECRET_BYTES)}`;
}

/** The parts of a refresh token, or undefined for anything else. */
export function parseRefreshToken(token: string): RefreshToken | undefined {
  const match = SHAPE.exec(token);
  if (!match) return undefined;
  return {sessionId: match[1]!, secret: match[2]!, digest: sha256Digest(token)};
}

/** The digests a new session stores for its first refresh token. */
export function firstDigests(
  token: string,
): Pick<Session, 'refreshTokenHash' | 'rotatedTokenHashes'> {
  return {refreshTokenHash: sha256Digest(token), rotatedTokenHashes: []};
}

/** Whether `token` is the session's current refresh token. */
export function isCurrentRefreshToken(
  token: Pick<RefreshToken, 'digest'>,
  session: Pick<Session, 'refreshTokenHash'>,
): boolean {
  return constantTimeEqual(token.digest, session.refreshTokenHash);
}

/** Whether `token` was the session's once: presented again, it was copied. */
export function wasRotatedAway(
  token: Pick<RefreshToken, 'digest'>,
  session: Pick<Session, 'rotatedTokenHashes'>,
): boolean {
  return (session.rotatedTokenHashes ?? []).includes(token.digest);
}

/**
 * A new refresh token replacing `token`, the session's current one (a
 * step-up rotates the current one without the client presenting it).
 */
export function rotateRefreshToken(
  session: Pick<Session, 'id' | 'rotatedTokenHashes'>,
  token: Pick<RefreshToken, 'digest'>,
): RefreshTokenRotation {
  const next = newRefreshToken(session.id);
  const rotated = [...(session.rotatedTokenHashes ?? []), token.digest];
  return {
    token: next,
    digests: {
      refreshTokenHash: sha256Digest(next),
      rotatedTokenHashes: rotated.slice(-ROTATED_KEPT),
    },
    where: {id: session.id, refreshTokenHash: token.digest},
  };
}
