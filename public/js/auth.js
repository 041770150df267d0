// Where the tokens live (see README, "The web page"): the access token only
// in this module's memory, so a script injected later cannot find it in
// storage; the refresh token in sessionStorage, so a reload keeps the person
// signed in within this tab and closing the tab forgets it. Never
// localStorage (shared by every tab, kept forever), never a URL.

import {ApiError, request} from './api.js';

export const CLIENT_ID = 'web';
const REFRESH_KEY = 'identity.refresh-token';
/** Refresh this long before the access token expires. */
const REFRESH_MARGIN_MS = 60_000;

/** The 401 codes of an access token the service no longer takes. */
const TOKEN_REFUSALS = new Set([
  'INVALID_TOKEN',
  'AUTHENTICATION_REQUIRED',
  'HTTP_401',
]);

let accessToken;
let refreshTimer;
let refreshing;
let signedOutListener = () => {};

/**
 * The code of the ApiError a call fails with once the session is gone for
 * good: revoked on another device, expired, or its refresh token reused.
 */
export const SESSION_ENDED = 'SESSION_ENDED';

/** The page's one redirect URI, registered for the `web` application. */
export function redirectUri() {
  return `${location.origin}/`;
}

/** Called when the tokens are gone for good (revoked, expired, reused). */
export function onSignedOut(listener) {
  signedOutListener = listener;
}

export function isSignedIn() {
  return accessToken !== undefined;
}

/** Keeps a token response and schedules the next refresh. */
export function acceptTokens(tokens) {
  accessToken = tokens.access_token;
  if (tokens.refresh_token) {
    sessionStorage.setItem(REFRESH_KEY, tokens.refresh_token);
  }
  clearTimeout(refreshTimer);
  const lifetimeMs = Number(tokens.expires_in) * 1000;
  if (lifetimeMs > 0) {
    const delay = Math.max(lifetimeMs - REFRESH_MARGIN_MS, lifetimeMs / 2);
    refreshTimer = setTimeout(() => {
      refresh().catch(() => {});
    }, delay);
  }
}

/** Forgets every token this tab holds. */
export function forgetTokens() {
  accessToken = undefined;
  clearTimeout(refreshTimer);
  sessionStorage.removeItem(REFRESH_KEY);
}

/** After a reload: resumes the session from the refresh token, if any. */
export async function resume() {
  if (!sessionStorage.getItem(REFRESH_KEY)) return false;
  try {
    await refresh();
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.code === SESSION_ENDED) return false;
    throw err;
  }
}

/**
 * Trades the refresh token for new tokens. Concurrent callers share one
 * request: refresh tokens rotate, and presenting the old one twice would
 * look like theft and revoke the session.
 */
export function refresh() {
  refreshing ??= doRefresh().finally(() => {
    refreshing = undefined;
  });
  return refreshing;
}

async function doRefresh() {
  const refreshToken = sessionStorage.getItem(REFRESH_KEY);
  if (!refreshToken) throw new ApiError(401, 'invalid_grant', 'Signed out.');
  try {
    const tokens = await request('POST', '/auth/token', {
      form: {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: CLIENT_ID,
      },
    });
    acceptTokens(tokens);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'invalid_grant') {
      forgetTokens();
      signedOutListener();
      throw new ApiError(err.status, SESSION_ENDED, err.message);
    }
    throw err;
  }
}

/**
 * A call as the signed-in user. A 401 is answered by one refresh and one
 * retry: the access token may have been revoked or expired while the tab slept.
 */
export async function authed(method, path, options = {}) {
  if (!accessToken) await refresh();
  try {
    return await request(method, path, {...options, token: accessToken});
  } catch (err) {
    // Only a refused token is worth a refresh. Other 401s are answers: a
    // wrong code or password (sending it again would count twice), or a
    // step-up refusal, about how recently the person proved who they are
    // (step-up.js asks them), which a new access token would not change.
    if (!(err instanceof ApiError) || !TOKEN_REFUSALS.has(err.code)) throw err;
    await refresh();
    return request(method, path, {...options, token: accessToken});
  }
}

/**
 * Signs in with a password: `login` is an email or a username. Cookies go
 * along both ways: the answer sets this browser's device cookie (HttpOnly),
 * and sending it back keeps the owner signing in while strangers' wrong
 * guesses lock the account out.
 */
export async function signInWithPassword(login, password) {
  acceptTokens(
    await request('POST', '/auth/login', {
      json: {login, password},
      credentials: 'same-origin',
    }),
  );
}

/**
 * Signs in with a directory password (an LDAP / Active Directory entry of
 * GET /auth/providers, `kind: 'password'`): the entry's `authPath` takes
 * the username and password and answers a token response, for this page's
 * application.
 */
export async function signInWithDirectory(entry, username, password) {
  const path =
    entry.authPath ?? `/auth/${encodeURIComponent(entry.name)}/login`;
  acceptTokens(
    await request('POST', path, {
      json: {username, password, client_id: CLIENT_ID},
    }),
  );
}

/**
 * The second step of a sign-in the service answered MFA_REQUIRED:
 * `proof` is `{method, code}` or `{method: 'webauthn', credential}`.
 */
export async function completeSecondStep(mfaToken, proof) {
  acceptTokens(
    await request('POST', '/auth/mfa', {
      json: {mfaToken, ...proof},
      credentials: 'same-origin',
    }),
  );
}

/**
 * Signs in with a passkey alone (discoverable: no username). `getAssertion`
 * turns the service's options into the authenticator's answer.
 */
export async function signInWithPasskey(getAssertion) {
  const {challengeId, options} = await request(
    'POST',
    '/auth/passkey/options',
    {
      json: {},
    },
  );
  const credential = await getAssertion(options);
  acceptTokens(
    await request('POST', '/auth/passkey/login', {
      json: {challengeId, credential, client_id: CLIENT_ID},
      credentials: 'same-origin',
    }),
  );
}

/** Finishes the code flow: the code and the verifier make the tokens. */
export async function exchangeCode(code, verifier) {
  const tokens = await request('POST', '/auth/token', {
    form: {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: CLIENT_ID,
      code_verifier: verifier,
    },
  });
  acceptTokens(tokens);
}

/** Ends this device's session, then forgets the tokens whatever happens. */
export async function signOut() {
  try {
    await authed('POST', '/auth/logout');
  } finally {
    forgetTokens();
  }
}

/** The id of this tab's session, read from the access token's `sid` claim. */
export function currentSessionId() {
  return claimOf('sid');
}

/** The signed-in user's id, read from the access token's `sub` claim. */
export function currentUserId() {
  return claimOf('sub');
}

function claimOf(name) {
  const payload = accessToken?.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(json)[name];
  } catch {
    return undefined;
  }
}
