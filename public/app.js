// The bundled web page: a client of the service like any other. It signs in
// through the REST API (password) or the code + PKCE flow of the public
// application `web` (other services). It is also the hosted sign-in of the
// service's OpenID Provider: an application's sign-in lands here with an
// interaction, and continues once the person is signed in
// (js/authorization.js).

import {renderAccount, providerLabel, wireAccount} from './js/account.js';
import {request} from './js/api.js';
import * as auth from './js/auth.js';
import * as authorization from './js/authorization.js';
import {renderDirectorySignIn} from './js/directory-sign-in.js';
import {describeError, describeReturnError} from './js/messages.js';
import {wireTokenLinks} from './js/mail-links.js';
import {takeFlow} from './js/pkce.js';
import {startProviderLogin} from './js/provider-login.js';
import * as secondStep from './js/second-step.js';
import {enterAccount, wireSignedOutForms} from './js/sign-in.js';
import {wireStepUp} from './js/step-up.js';
import {
  $,
  el,
  flash,
  navigate,
  onClick,
  notifyError,
  showView,
} from './js/ui.js';

const SIGNED_OUT_VIEWS = [
  'sign-in',
  'sign-up',
  'forgot-password',
  'verify-notice',
];
const TOKEN_VIEWS = ['verify-email', 'reset-password', 'confirm-email-change'];

let providers = [];
/** Until start() has shown its first view. */
let starting = true;

async function start() {
  authorization.takeInteractionFromUrl();
  wireSignedOutForms();
  wireTokenLinks();
  secondStep.wireSecondStep();
  wireStepUp();
  wireAccount();
  onClick($('sign-out'), async () => {
    await auth.signOut();
    // Signing out of the page signs out of the applications' sign-in too.
    await authorization.endBrowserSignIn().catch(() => {});
    flash('You are signed out.', 'success');
    navigate('#sign-in');
  });
  auth.onSignedOut(() => {
    flash(describeError({code: auth.SESSION_ENDED}), 'info');
    // While starting, start() shows the view itself: a second showView
    // from the hash change would clear the notice.
    if (!starting) navigate('#sign-in');
  });
  window.addEventListener('hashchange', () => {
    route().catch(notifyError);
  });

  const loading = loadProviders();
  if (await finishRedirectReturn(loading)) return;
  if (!auth.isSignedIn()) {
    await auth.resume().catch(err => {
      flash(describeError(err), 'error');
    });
  }
  await loading;
  if (await authorization.continuePendingAuthorization()) return;
  await route();
}

/** `#name?query` of the current URL. */
function currentRoute() {
  const [name, query = ''] = location.hash.slice(1).split('?');
  return {name, query: new URLSearchParams(query)};
}

async function route() {
  const {name, query} = currentRoute();
  if (TOKEN_VIEWS.includes(name)) {
    $(`view-${name}`).dataset.token = query.get('token') ?? '';
    showView(name);
    return;
  }
  if (name === 'mfa' && secondStep.isPending()) {
    showView('mfa');
    secondStep.renderSecondStep();
    return;
  }
  if (auth.isSignedIn()) {
    try {
      await renderAccount(providers);
    } catch (err) {
      // Signed out meanwhile: the sign-out listener has moved on already.
      if (!auth.isSignedIn()) return;
      flash(describeError(err), 'error');
    }
    showView('account');
    return;
  }
  showView(SIGNED_OUT_VIEWS.includes(name) ? name : 'sign-in');
}

async function loadProviders() {
  try {
    providers = (await request('GET', '/auth/providers')) ?? [];
  } catch {
    // No third-party login deployed: the page offers passwords only.
    providers = [];
  }
  // Directory entries take a username and password here; every other
  // entry sends the browser to the provider.
  const loginEntries = providers.filter(p => p.login !== false);
  renderDirectorySignIn(loginEntries.filter(p => p.kind === 'password'));
  const loginProviders = loginEntries.filter(p => p.kind !== 'password');
  $('providers-block').hidden = loginProviders.length === 0;
  $('provider-list').replaceChildren(
    ...loginProviders.map(p => {
      const button = el('button', {
        type: 'button',
        className: 'provider',
        text: `Continue with ${providerLabel(p)}`,
      });
      onClick(button, () => startProviderLogin(p));
      return el('li', {}, button);
    }),
  );
}

/**
 * Back from another service at `/?code=…&state=…` (or `?error=…`): the
 * state must be the one this tab sent, then the code becomes tokens. The
 * query is removed from the address bar first, so a reload, a bookmark or a
 * shared link never carries the code. True when a waiting application's
 * sign-in continues (the browser is leaving).
 */
async function finishRedirectReturn(providersLoaded) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return false;
  history.replaceState(null, '', `/${location.hash}`);
  const flow = takeFlow();
  if (!flow || params.get('state') !== flow.state) {
    flash(
      'That sign-in answer was not meant for this tab, so it was ignored. Please start again.',
      'error',
    );
    return false;
  }
  await providersLoaded;
  const label = providerLabel(
    providers.find(p => p.name === flow.provider) ?? {name: flow.provider},
  );
  const error = params.get('error');
  if (error) {
    flash(
      describeReturnError(error, params.get('error_description'), label),
      'error',
    );
    return false;
  }
  const done = {
    link: `${label} is now linked to your account.`,
    'step-up': `You signed in again with ${label}. Now try the change once more.`,
  }[flow.kind];
  // A link keeps the session this tab already has; only without one is the code needed.
  if (flow.kind !== 'link' || !(await auth.resume())) {
    const signedIn = await auth
      .exchangeCode(params.get('code'), flow.verifier)
      .then(() => true)
      .catch(err => {
        if (err.code === 'MFA_REQUIRED') {
          secondStep.startSecondStep(err.details, enterAccount);
        } else flash(describeError(err), 'error');
      });
    if (signedIn) await endReplacedSession(flow.replaces);
    if (signedIn && (await authorization.afterSignIn())) return true;
  }
  if (done && auth.isSignedIn()) flash(done, 'success');
  return false;
}

/** After a new sign-in that took the place of this tab's older session. */
async function endReplacedSession(sessionId) {
  if (!sessionId || sessionId === auth.currentSessionId()) return;
  await auth
    .authed('DELETE', `/sessions/${encodeURIComponent(sessionId)}`)
    .catch(() => {});
}

start()
  .catch(err => {
    showView('sign-in');
    notifyError(err);
  })
  .finally(() => {
    starting = false;
  });
