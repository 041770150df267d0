// Directory passwords (LDAP / Active Directory entries of GET
// /auth/providers, `kind: 'password'`): the entry's `authPath` takes a
// username and password and answers a token response like POST
// /auth/login's, for this page's application.

import {ApiError, request} from './api.js';
import * as auth from './auth.js';

function directoryTokens(entry, username, password) {
  const path =
    entry.authPath ?? `/auth/${encodeURIComponent(entry.name)}/login`;
  return request('POST', path, {
    json: {username, password, client_id: auth.CLIENT_ID},
  });
}

/** Signs in with `entry`'s directory password; the tokens are kept. */
export async function signInWithDirectory(entry, username, password) {
  auth.acceptTokens(await directoryTokens(entry, username, password));
}

/**
 * "Confirm it's you" for an account whose way in is a directory: a new
 * sign-in of the same user takes the place of this tab's session, as a
 * provider's sign-in does (step-up.js). Another account's password is
 * refused like a wrong one, and the session it opened ended at once.
 */
export async function signInAgainWithDirectory(entry, username, password) {
  const replaces = auth.currentSessionId();
  const tokens = await directoryTokens(entry, username, password);
  if (tokens.user_id !== auth.currentUserId()) {
    await request('POST', '/auth/logout', {token: tokens.access_token}).catch(
      () => {},
    );
    throw new ApiError(401, 'INVALID_CREDENTIALS', 'Another account.');
  }
  auth.acceptTokens(tokens);
  if (!replaces) return;
  await auth
    .authed('DELETE', `/sessions/${encodeURIComponent(replaces)}`)
    .catch(() => {});
}
