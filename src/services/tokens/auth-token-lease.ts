// The pieces of an HTTP Basic auth token kept outside the service: its
// shape, and the lease the store holds for it.

import type {AuthTokenSession} from './auth-token.service';

/** `<session id>.<HMAC of it>`: the id is a UUID, the MAC 43 base64url characters. */
export const TOKEN_SHAPE =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

/** What the store keeps per token: whose, the login it was issued to, until when. */
export interface Lease {
  userId: string;
  login: string;
  until: number;
  authTime: number;
}

export function leaseKey(sessionId: string): string {
  return `auth-token:lease:${sessionId}`;
}

export function parseLease(text: string | undefined): Lease | undefined {
  if (!text) return undefined;
  try {
    const lease = JSON.parse(text) as Lease;
    return typeof lease.userId === 'string' && typeof lease.until === 'number'
      ? lease
      : undefined;
  } catch {
    return undefined;
  }
}

export function withoutLease(session: AuthTokenSession): AuthTokenSession {
  return {
    token: session.token,
    sessionId: session.sessionId,
    userId: session.userId,
    validUntil: session.validUntil,
    authTime: session.authTime,
  };
}

export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}
