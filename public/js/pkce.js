// PKCE (RFC 7636) and the state parameter of the code flow. The verifier
// and state must survive the round trip through the provider, a full page
// navigation, so they wait in sessionStorage: per tab, gone with the tab,
// and removed as soon as the page is back.

const PENDING_KEY = 'identity.pending-flow';

/** A random URL-safe string of `bytes` random bytes. */
export function randomString(bytes = 32) {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return base64Url(buffer);
}

/** The S256 code challenge of a verifier. */
export async function challengeFor(verifier) {
  if (!crypto.subtle) {
    throw new Error(
      'This page needs a secure origin (https, or http://localhost) to sign in with another service.',
    );
  }
  const digest = await crypto.subtle.digest(
    'SHA-256',
    new TextEncoder().encode(verifier),
  );
  return base64Url(new Uint8Array(digest));
}

/**
 * Starts a flow: a fresh state and verifier, remembered for the return.
 * `kind` is `login`, `link` or `step-up`; `provider` is the entry's name;
 * `extra` is kept along for the return.
 */
export async function beginFlow(kind, provider, extra = {}) {
  const state = randomString();
  const verifier = randomString();
  sessionStorage.setItem(
    PENDING_KEY,
    JSON.stringify({...extra, kind, provider, state, verifier}),
  );
  return {state, challenge: await challengeFor(verifier)};
}

/** The flow waiting for its return, removed so it is used once. */
export function takeFlow() {
  const raw = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function base64Url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary)
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
