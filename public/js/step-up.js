// "Confirm it's you" (RFC 9470 step-up). Sensitive changes (password,
// second factors, recovery codes, unlinking, deleting the account) need a
// recent sign-in, and a second factor when the account has one; otherwise
// the service answers 401 INSUFFICIENT_USER_AUTHENTICATION. `sensitive()`
// then opens this dialog: the person proves it again (password, a code of
// the authenticator app, a recovery code, a passkey, or, for an account
// with neither password nor factor, a new sign-in with its provider or
// its directory password),
// POST /auth/step-up renews this tab's tokens, and the change is sent once
// more.

import {ApiError} from './api.js';
import * as auth from './auth.js';
import {signInAgainWithDirectory} from './directory-auth.js';
import {describeDirectoryError, describeError} from './messages.js';
import {startProviderLogin} from './provider-login.js';
import {renderSessions} from './sessions.js';
import {$, busy, formValues} from './ui.js';
import {passkeysSupported, usePasskey} from './webauthn.js';

const LABELS = {
  totp: 'Enter the 6-digit code from your authenticator app',
  recovery_code: 'Enter one of your recovery codes',
};

/** What the page knows of the account, for when asking the service fails. */
let account = {hasPassword: true, factors: [], providers: [], directories: []};
/** The dialog's current question: `{methods, method, settle}`. */
let asking;

/** Tells the dialog how this account can prove itself. */
export function setStepUpAccount(info) {
  account = {...account, ...info};
}

/**
 * `auth.authed`, confirming who the person is first when the service asks:
 * once confirmed the call is sent again, once. Cancelling throws
 * STEP_UP_CANCELLED (nothing changed). `options.why` says in the dialog
 * what the proof is for.
 */
export async function sensitive(method, path, options = {}) {
  try {
    return await auth.authed(method, path, options);
  } catch (err) {
    if (err.code !== 'INSUFFICIENT_USER_AUTHENTICATION') throw err;
    if (!(await confirmIdentity(err.details, options.why))) {
      throw new ApiError(0, 'STEP_UP_CANCELLED', 'Cancelled.');
    }
    return auth.authed(method, path, options);
  }
}

/**
 * Opens the dialog; resolves true once the tokens are renewed. `details`
 * of the refusal may name `acrValues`: `phr` (phishing-resistant) takes a
 * passkey.
 */
export async function confirmIdentity(details, why) {
  await learnAccount();
  let methods = methodsOf(account);
  if (details?.acrValues?.includes('phr') && methods.includes('webauthn')) {
    methods = ['webauthn'];
  }
  return new Promise(resolve => {
    asking = {methods, settle: resolve};
    $('step-up-error').hidden = true;
    $('step-up-form').reset();
    $('step-up-why').textContent =
      why ?? 'For your security, confirm it’s you before this change.';
    show(methods[0]);
    $('step-up').showModal();
    focusInput();
  });
}

/** The account's factors and password, as they are now. */
async function learnAccount() {
  const [factors, password] = await Promise.all([
    auth.authed('GET', '/users/me/factors').catch(() => undefined),
    auth.authed('GET', '/users/me/password').catch(() => undefined),
  ]);
  if (Array.isArray(factors)) account.factors = factors;
  if (password) account.hasPassword = password.hasPassword !== false;
}

function methodsOf({hasPassword, factors, providers, directories}) {
  const confirmed = factors.filter(f => f.confirmedAt);
  if (confirmed.length) {
    const methods = [];
    if (confirmed.some(f => f.type === 'totp')) methods.push('totp');
    if (confirmed.some(f => f.type === 'webauthn') && passkeysSupported()) {
      methods.push('webauthn');
    }
    return [...methods, 'recovery_code'];
  }
  if (hasPassword) return ['password'];
  if (providers.length) return ['provider'];
  return directories.length ? ['directory'] : ['password'];
}

function show(method) {
  asking.method = method;
  const usesCode = method === 'totp' || method === 'recovery_code';
  $('step-up-password').hidden = method !== 'password';
  $('step-up-code').hidden = !usesCode;
  if (usesCode) $('step-up-code-label').textContent = LABELS[method];
  $('step-up-code-input').inputMode = method === 'totp' ? 'numeric' : 'text';
  const provider = account.providers[0];
  $('step-up-provider').hidden = method !== 'provider';
  if (method === 'provider') {
    $('step-up-provider-text').textContent =
      `Your account signs in with ${provider.label}. Sign in with it again to continue; you come back here.`;
    $('step-up-provider-go').textContent =
      `Sign in again with ${provider.label}`;
  }
  showDirectory(method === 'directory' ? account.directories[0] : undefined);
  $('step-up-submit').hidden = method === 'provider';
  $('step-up-submit').textContent =
    method === 'webauthn' ? 'Use my passkey' : 'Confirm';
  for (const button of $('step-up-choices').querySelectorAll('button')) {
    const other = button.dataset.method;
    button.parentElement.hidden =
      other === method || !asking.methods.includes(other);
  }
}

/** The directory's username and password fields, for `directory` (else hidden). */
function showDirectory(directory) {
  $('step-up-directory').hidden = !directory;
  if (!directory) return;
  const {label} = directory;
  $('step-up-directory-text').textContent =
    `Your account signs in with ${label}. Enter your ${label} username and password again to continue.`;
  $('step-up-directory-username-label').textContent = `${label} username`;
  $('step-up-directory-password-label').textContent = `${label} password`;
}

function focusInput() {
  const input = {
    directory: 'step-up-directory-username',
    password: 'step-up-password-input',
    totp: 'step-up-code-input',
    recovery_code: 'step-up-code-input',
  }[asking.method];
  $(input ?? 'step-up-submit')?.focus();
}

function finish(confirmed) {
  const settle = asking?.settle;
  asking = undefined;
  if ($('step-up').open) $('step-up').close();
  settle?.(confirmed);
}

async function prove() {
  const {method} = asking;
  const values = formValues($('step-up-form'));
  const {password, code} = values;
  if (method === 'directory') {
    const {directoryUsername = '', directoryPassword = ''} = values;
    const {entry} = account.directories[0];
    await signInAgainWithDirectory(entry, directoryUsername, directoryPassword);
    return;
  }
  const body = {method};
  if (method === 'password') body.password = password ?? '';
  else if (method === 'webauthn') {
    const options = await auth.authed('POST', '/auth/step-up/webauthn/options');
    body.credential = await usePasskey(options);
  } else body.code = (code ?? '').replace(/\s+/g, '');
  const tokens = await auth.authed('POST', '/auth/step-up', {json: body});
  auth.acceptTokens(tokens);
}

function tell(err) {
  // The account has a second factor after all (added on another device):
  // ask for it instead of the password.
  const methods = err.details?.methods;
  if (err.code === 'MFA_REQUIRED' && Array.isArray(methods)) {
    asking.methods = methods.filter(
      m => m !== 'webauthn' || passkeysSupported(),
    );
    show(asking.methods[0] ?? 'recovery_code');
  }
  const error = $('step-up-error');
  error.textContent =
    err.code === 'INVALID_CURRENT_PASSWORD'
      ? 'That password is not right. Check it and try again.'
      : asking.method === 'directory'
        ? describeDirectoryError(err, account.directories[0].label)
        : describeError(err);
  error.hidden = false;
  focusInput();
}

/** Wires the dialog; once, at start. */
export function wireStepUp() {
  const form = $('step-up-form');
  form.addEventListener('submit', event => {
    event.preventDefault();
    busy(form, async () => {
      try {
        await prove();
      } catch (err) {
        tell(err);
        return;
      }
      finish(true);
      // The session now says how it was confirmed.
      renderSessions().catch(() => {});
    }).catch(() => {});
  });
  for (const button of $('step-up-choices').querySelectorAll('button')) {
    button.addEventListener('click', () => {
      $('step-up-error').hidden = true;
      show(button.dataset.method);
      focusInput();
    });
  }
  $('step-up-cancel').addEventListener('click', () => finish(false));
  // Escape closes a modal dialog: the same as Cancel.
  $('step-up').addEventListener('close', () => finish(false));
  $('step-up-provider-go').addEventListener('click', () => {
    const {entry} = account.providers[0];
    const replaces = auth.currentSessionId();
    startProviderLogin(entry, 'step-up', {replaces}).catch(err => {
      $('step-up-error').textContent = describeError(err);
      $('step-up-error').hidden = false;
    });
  });
}
