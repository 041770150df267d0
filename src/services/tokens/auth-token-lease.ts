// The pieces of an HTTP Basic auth token kept outside the service: its
// shape, and the lease the store holds for it.

import {createHmac, timingSafeEqual} from 'node:crypto';
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

/** Session ids whose MAC is remembered; past that, the memory starts over. */
const MAC_CACHE_SIZE = 10_000;

/**
 * The MAC of a session id (HMAC-SHA256, base64url), remembered: every
 * request made with a token asks for it, and an HMAC costs more than the
 * rest of the check.
 */
export class SessionMac {
  private readonly known = new Map<string, string>();

  constructor(private readonly key: Buffer) {}

  of(sessionId: string): string {
    let mac = this.known.get(sessionId);
    if (mac === undefined) {
      mac = createHmac('sha256', this.key)
        .update(sessionId)
        .digest('base64url');
      if (this.known.size >= MAC_CACHE_SIZE) this.known.clear();
      this.known.set(sessionId, mac);
    }
    return mac;
  }
}

/** Constant-time comparison of two MACs (equal lengths by the token shape). */
export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
