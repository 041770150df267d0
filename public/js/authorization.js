// Signing in for another application. The service's authorization endpoint
// sends the browser here with `/?interaction=…` when an application asks
// someone to sign in; whichever way the person then signs in on this page,
// its fresh tokens open the service's own browser sign-in (an HttpOnly
// cookie this page never sees), and the browser continues to the
// application. Only the interaction id is kept, in sessionStorage, so it
// survives a provider's round trip in this tab.

import {ApiError, request} from './api.js';
import * as auth from './auth.js';
import {describeError} from './messages.js';
import {sensitive} from './step-up.js';
import {$, flash, navigate} from './ui.js';

const PENDING_KEY = 'identity.pending-authorization';

/** Moves `?interaction=` from the address bar into this tab's storage. */
export function takeInteractionFromUrl() {
  const params = new URLSearchParams(location.search);
  const id = params.get('interaction');
  if (!id) return;
  sessionStorage.setItem(PENDING_KEY, id);
  params.delete('interaction');
  const rest = params.toString();
  history.replaceState(null, '', `/${rest ? `?${rest}` : ''}${location.hash}`);
}

/** The id of the authorization this tab is signing someone in for. */
export function pendingInteraction() {
  return sessionStorage.getItem(PENDING_KEY) ?? undefined;
}

export function forgetInteraction() {
  sessionStorage.removeItem(PENDING_KEY);
}

/**
 * `{clientId, clientName, freshSignIn, loginHint?}` of the pending
 * authorization, or undefined when there is none. One that expired is
 * forgotten, and its error thrown for the page to tell.
 */
export async function describePendingAuthorization() {
  const id = pendingInteraction();
  if (!id) return undefined;
  try {
    return await request(
      'GET',
      `/oauth/interactions/${encodeURIComponent(id)}`,
    );
  } catch (err) {
    if (err instanceof ApiError && err.code === 'INVALID_STATE') {
      forgetInteraction();
    }
    throw err;
  }
}

/**
 * After a sign-in: opens the browser sign-in with this page's fresh token,
 * so other applications sign in with one redirect. With a pending
 * authorization, resolves true once the browser is on its way to the
 * application; its failures are thrown. Without one the sign-in is a
 * convenience for later: a failure costs nothing now and is not told.
 */
export async function openBrowserSignIn() {
  const interaction = pendingInteraction();
  forgetInteraction();
  let answer;
  try {
    // An application may ask for more than this sign-in gave (its
    // acr_values, or the person's second factor): "Confirm it's you" then
    // steps this session up, and the sign-in opens with the new token.
    answer = await sensitive('POST', '/oauth/browser-session', {
      json: interaction ? {interaction} : {},
      // Keeps the cookie the answer sets; the service checks the Origin.
      credentials: 'same-origin',
      why: 'The application asks you to confirm it’s you with your second step before it continues.',
    });
  } catch (err) {
    if (interaction) throw err;
    return false;
  }
  if (!answer?.continue) return false;
  location.assign(answer.continue);
  return true;
}

/** Ends the browser sign-in (signing out of the page signs out of it too). */
export async function endBrowserSignIn() {
  await request('DELETE', '/oauth/browser-session', {
    credentials: 'same-origin',
  });
}

/**
 * An application is waiting for this person to sign in: say which, fill in
 * its login hint, and continue at once when this tab is signed in already,
 * unless the application asks for a new sign-in. True when the browser is
 * on its way to the application.
 */
export async function continuePendingAuthorization() {
  let pending;
  try {
    pending = await describePendingAuthorization();
  } catch (err) {
    flash(describeError(err), 'error');
    return false;
  }
  if (!pending) return false;
  const banner = $('sign-in-for');
  banner.textContent = `Sign in to continue to ${pending.clientName}.`;
  banner.hidden = false;
  if (pending.loginHint) $('sign-in-login').value = pending.loginHint;
  if (!auth.isSignedIn()) return false;
  if (pending.freshSignIn) {
    await auth.signOut().catch(() => {});
    flash(`${pending.clientName} asks you to sign in again.`, 'info');
    navigate('#sign-in');
    return false;
  }
  return afterSignIn();
}

/**
 * After a fresh sign-in: the service's browser sign-in, and the application
 * waiting for it. True when the browser is on its way there.
 */
export async function afterSignIn() {
  try {
    return await openBrowserSignIn();
  } catch (err) {
    flash(describeError(err), 'error');
    return false;
  }
}
