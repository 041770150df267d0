// The second step of a sign-in. A first factor (password, another
// service) of an account with two-step verification answers MFA_REQUIRED
// with an mfaToken and the methods the account has; this view asks for one
// of them (a code of the authenticator app, a passkey, a recovery code)
// and finishes the sign-in with POST /auth/mfa. The mfaToken lives in this
// module's memory only: a reload starts over, as it would after 5 minutes.

import {request} from './api.js';
import * as auth from './auth.js';
import {describeError} from './messages.js';
import {$, flash, navigate, notify, onClick, onSubmit} from './ui.js';
import {passkeysSupported, usePasskey} from './webauthn.js';

/** What to prefer, in this order, among the methods the account has. */
const PREFERRED = ['totp', 'webauthn', 'recovery_code'];

const WRONG = {
  totp: 'That code is not right. Check the app and enter the code it shows now: a new one comes every 30 seconds.',
  recovery_code:
    'That recovery code is not right, or it was used already. Each code works once.',
  webauthn:
    'That passkey was not accepted. Use a passkey saved for this account.',
};

/** `{mfaToken, methods, done}` of the sign-in waiting for its second step. */
let pending;

/** Whether a sign-in waits for its second step (the `#mfa` view). */
export function isPending() {
  return pending !== undefined;
}

/**
 * Asks for the second step of a sign-in refused with MFA_REQUIRED;
 * `done` runs once it has passed and the tokens are kept.
 */
export function startSecondStep(details, done) {
  const methods = (details?.methods ?? []).filter(
    m => m !== 'webauthn' || passkeysSupported(),
  );
  pending = {mfaToken: details.mfaToken, methods, done};
  navigate('#mfa');
}

/** Shows the view for the pending sign-in; call after showView('mfa'). */
export function renderSecondStep() {
  const first = PREFERRED.find(m => pending.methods.includes(m));
  showMethod(first ?? 'recovery_code');
}

function showMethod(method) {
  $('mfa-totp-form').hidden = method !== 'totp';
  $('mfa-recovery-form').hidden = method !== 'recovery_code';
  $('mfa-passkey').hidden = method !== 'webauthn';
  for (const button of $('mfa-choices').querySelectorAll('button')) {
    const other = button.dataset.method;
    button.parentElement.hidden =
      other === method || !pending.methods.includes(other);
  }
  const input = {totp: 'mfa-totp-code', recovery_code: 'mfa-recovery-code'}[
    method
  ];
  if (input) {
    $(input).value = '';
    $(input).focus();
  }
}

/** Wires the view's forms and buttons; once, at start. */
export function wireSecondStep() {
  onSubmit('mfa-totp-form', ({code}) =>
    finish({method: 'totp', code: (code ?? '').replace(/\s+/g, '')}),
  );
  onSubmit('mfa-recovery-form', ({code}) =>
    finish({method: 'recovery_code', code: code ?? ''}),
  );
  onClick($('mfa-passkey-use'), () => finish({method: 'webauthn'}));
  for (const button of $('mfa-choices').querySelectorAll('button')) {
    button.addEventListener('click', () => showMethod(button.dataset.method));
  }
  $('mfa-cancel').addEventListener('click', () => {
    pending = undefined;
  });
}

async function finish(proof) {
  if (!pending) return;
  try {
    if (proof.method === 'webauthn') {
      const options = await request('POST', '/auth/mfa/webauthn/options', {
        json: {mfaToken: pending.mfaToken},
      });
      proof.credential = await usePasskey(options);
    }
    await auth.completeSecondStep(pending.mfaToken, proof);
  } catch (err) {
    tell(err, proof.method);
    return;
  }
  const {done} = pending;
  pending = undefined;
  await done();
}

function tell(err, method) {
  if (err.code === 'INVALID_MFA_TOKEN') {
    pending = undefined;
    flash(describeError(err), 'error');
    navigate('#sign-in');
    return;
  }
  if (err.code === 'INVALID_MFA_CODE') {
    notify(WRONG[method], 'error');
    showMethod(method);
    return;
  }
  notify(describeError(err), 'error');
}
