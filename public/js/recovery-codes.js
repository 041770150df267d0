// Recovery codes on the account page: the ten codes, shown once (after the
// first second factor, or when the person asks for new ones) with Copy and
// Download, and how many are left.

import * as auth from './auth.js';
import {sensitive} from './step-up.js';
import {$, el, notify, onClick} from './ui.js';

/** Called once the codes on screen are put away (the section redraws). */
let onDone = async () => {};

/** Shows freshly issued codes, once; they are never fetched again. */
export function showRecoveryCodes(codes) {
  $('recovery-code-list').replaceChildren(
    ...codes.map(code => el('li', {text: code})),
  );
  $('recovery-codes').hidden = false;
  $('recovery-codes').dataset.codes = codes.join('\n');
  $('recovery-codes-title').focus();
}

function hideRecoveryCodes() {
  $('recovery-codes').hidden = true;
  $('recovery-code-list').replaceChildren();
  delete $('recovery-codes').dataset.codes;
}

/** "8 of 10 left", for an account with two-step verification on. */
export async function renderRemaining(enabled) {
  $('recovery-status').hidden = !enabled;
  if (!enabled) return;
  const {remaining} = await auth.authed('GET', '/users/me/recovery-codes');
  const low =
    remaining <= 3 ? ' Get new ones soon: each code works only once.' : '';
  $('recovery-remaining').textContent =
    remaining === 1
      ? `You have 1 recovery code left.${low}`
      : `You have ${remaining} recovery codes left.${low}`;
}

function codesText() {
  const codes = $('recovery-codes').dataset.codes ?? '';
  return (
    `Recovery codes for your account at ${location.host}\n` +
    'Each code works once, when you cannot use your authenticator app or passkey.\n\n' +
    `${codes}\n`
  );
}

/** Wires the buttons; once, at start. `done` redraws the section. */
export function wireRecoveryCodes(done) {
  onDone = done;
  onClick($('recovery-copy'), async () => {
    try {
      await navigator.clipboard.writeText(codesText());
      notify('The recovery codes are copied. Paste them somewhere safe.');
    } catch {
      notify(
        'This browser did not let the page copy. Select the codes and copy them yourself.',
        'error',
      );
    }
  });
  onClick($('recovery-download'), async () => {
    const blob = new Blob([codesText()], {type: 'text/plain'});
    const url = URL.createObjectURL(blob);
    const link = el('a', {href: url, download: 'recovery-codes.txt'});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  onClick($('recovery-done'), async () => {
    hideRecoveryCodes();
    await onDone();
  });
  onClick($('recovery-regenerate'), async () => {
    const {recoveryCodes} = await sensitive('POST', '/users/me/recovery-codes');
    showRecoveryCodes(recoveryCodes);
    notify(
      'Here are your new recovery codes. The old ones no longer work.',
      'success',
    );
  });
}
