// The signed-out forms: sign in (password, passkey), sign up, forgot
// password, and the "check your email" notice. A sign-in the service
// answers MFA_REQUIRED continues in the second step (second-step.js).

import {request} from './api.js';
import * as auth from './auth.js';
import * as authorization from './authorization.js';
import {withOutboxNote} from './mail-outbox.js';
import * as secondStep from './second-step.js';
import {$, flash, navigate, notify, onClick, onSubmit} from './ui.js';
import {passkeysSupported, usePasskey} from './webauthn.js';

/** The address the "check your email" view talks about. */
let unverifiedEmail;

/** Signed in: the application waiting for it, or the account page. */
export async function enterAccount() {
  if (await authorization.afterSignIn()) return;
  navigate('#account');
}

/** Wires the signed-out views' forms and buttons; once, at start. */
export function wireSignedOutForms() {
  onSubmit('sign-in-form', async ({login, password}) => {
    await signIn(login, password);
  });

  onSubmit('sign-up-form', async values => {
    await request('POST', '/users', {json: values});
    await signIn(values.email, values.password, true);
  });

  onSubmit('forgot-form', async ({email}) => {
    // The device cookie (if this browser signed in before) gives the request
    // its own mail quota, which strangers cannot use up.
    await request('POST', '/auth/password-reset', {
      json: {email},
      credentials: 'same-origin',
    });
    notify(
      await withOutboxNote(
        `If an account uses ${email}, a link to choose a new password is on its way. It works once and expires soon.`,
      ),
      'success',
    );
  });

  const passkey = $('passkey-sign-in');
  $('passkey-sign-in-block').hidden = !passkeysSupported();
  onClick(passkey, async () => {
    try {
      await auth.signInWithPasskey(usePasskey);
    } catch (err) {
      if (err.code !== 'INVALID_MFA_CODE') throw err;
      notify(
        'That passkey is not one of an account here (it may have been removed). Sign in with your password instead.',
        'error',
      );
      return;
    }
    await enterAccount();
  });

  const resend = $('verify-notice-resend');
  onClick(resend, async () => {
    await request('POST', '/auth/verify-email/send', {
      json: {email: unverifiedEmail},
      credentials: 'same-origin',
    });
    notify(
      await withOutboxNote(`We sent a new link to ${unverifiedEmail}.`),
      'success',
    );
  });
}

async function signIn(login, password, isNew = false) {
  try {
    await auth.signInWithPassword(login, password);
  } catch (err) {
    if (err.code === 'MFA_REQUIRED') {
      $('sign-in-password').value = '';
      secondStep.startSecondStep(err.details, enterAccount);
      return;
    }
    if (err.code !== 'EMAIL_NOT_VERIFIED') throw err;
    unverifiedEmail = login;
    $('verify-notice-email').textContent = login;
    $('verify-notice-resend').hidden = !login.includes('@');
    navigate('#verify-notice');
    return;
  }
  if (isNew) {
    flash(
      await withOutboxNote(
        'Welcome! We sent you a link to confirm your email address.',
      ),
      'success',
    );
  }
  await enterAccount();
}
