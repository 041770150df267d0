import {createHash} from 'node:crypto';
import {constantTimeEqual} from '../platform/token-digest';

/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** An S256 challenge is a base64url SHA-256 digest: exactly 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9\-_]{43}$/;

declare const S256: unique symbol;

/**
 * A code challenge the PKCE rule (`checkS256`) accepted.
 * Only `checkS256` makes one, so a value of this type has been checked once
 * and need not be checked again further down the same flow.
 */
export type S256Challenge = string & {readonly [S256]: true};

/** Whether `verifier` is a well-formed RFC 7636 code verifier. */
export function isCodeVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

/** Whether `challenge` can be an S256 code challenge. */
export function isS256Challenge(challenge: string): boolean {
  return S256_CHALLENGE.test(challenge);
}

/**
 * The PKCE rule of every code this service issues: an S256 challenge, sent
 * with `code_challenge_method=S256` (RFC 7636 §4.2; `plain` is refused).
 * The checked challenge, or undefined when the pair breaks the rule.
 */
export function checkS256(
  challenge: unknown,
  method: unknown,
): S256Challenge | undefined {
  return typeof challenge === 'string' &&
    isS256Challenge(challenge) &&
    method === 'S256'
    ? (challenge as S256Challenge)
    : undefined;
}

/** The S256 code challenge of a verifier: base64url(SHA-256(verifier)). */
export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** Whether `verifier` answers the S256 `challenge`, in constant time. */
export function verifiesS256(verifier: string, challenge: string): boolean {
  return (
    isCodeVerifier(verifier) &&
    constantTimeEqual(s256Challenge(verifier), challenge)
  );
}
