// Setting up an authenticator app: the service makes a secret, the page
// shows it as a QR code and as text in groups of four, and the first code
// the app shows turns it on. The first second factor of an account comes
// with its ten recovery codes.

import * as auth from './auth.js';
import {showRecoveryCodes} from './recovery-codes.js';
import {sensitive} from './step-up.js';
import {$, notify, onClick, onSubmit} from './ui.js';

/** The factor being set up: `{id}`, until confirmed or cancelled. */
let enrolling;
let onChange = async () => {};

/** "JBSW Y3DP EHPK 3PXP": easier to read and type than one long run. */
export function groupSecret(secret) {
  return secret.match(/.{1,4}/g)?.join(' ') ?? '';
}

async function start() {
  const factor = await sensitive('POST', '/users/me/factors/totp', {
    json: {name: 'Authenticator app'},
  });
  enrolling = {id: factor.id};
  // Only an image the service drew (a data: URL) is shown.
  const qr = String(factor.qrCode ?? '');
  $('totp-qr').hidden = !qr.startsWith('data:image/');
  if (!$('totp-qr').hidden) $('totp-qr').src = qr;
  $('totp-secret').textContent = groupSecret(factor.secret);
  $('totp-secret').dataset.secret = factor.secret;
  $('totp-confirm-form').reset();
  $('totp-setup').hidden = false;
  $('totp-start').hidden = true;
  $('totp-setup-title').focus();
}

function close() {
  enrolling = undefined;
  $('totp-setup').hidden = true;
  $('totp-start').hidden = false;
  $('totp-secret').textContent = '';
  delete $('totp-secret').dataset.secret;
  $('totp-qr').removeAttribute('src');
}

async function confirm({code}) {
  if (!enrolling) return;
  const answer = await auth.authed(
    'POST',
    `/users/me/factors/${encodeURIComponent(enrolling.id)}/confirm`,
    {json: {code: (code ?? '').replace(/\s+/g, '')}},
  );
  close();
  await onChange();
  if (answer?.recoveryCodes) showRecoveryCodes(answer.recoveryCodes);
  notify(
    answer?.recoveryCodes
      ? 'Two-step verification is on. Save your recovery codes now: they are shown only once.'
      : 'Your authenticator app is added.',
    'success',
  );
}

/** Wires the set-up; once, at start. `changed` redraws the section. */
export function wireTotpSetup(changed) {
  onChange = changed;
  onClick($('totp-start'), start);
  onClick($('totp-cancel'), async () => close());
  onSubmit('totp-confirm-form', async values => {
    try {
      await confirm(values);
    } catch (err) {
      if (err.code !== 'INVALID_MFA_CODE') throw err;
      notify(
        'That code is not right. Enter the code the app shows now; if it keeps failing, check that the time on your phone is set automatically.',
        'error',
      );
      $('totp-confirm-code').select();
    }
  });
}
