// The views the service's mail links open: the token is in the URL
// fragment (`#verify-email?token=…`), which no server ever sees. Each acts
// only on a button press, so a mail scanner that follows links spends none.

import {request} from './api.js';
import * as auth from './auth.js';
import {$, flash, navigate, onClick, onSubmit} from './ui.js';

/** Wires the buttons and form of the mail-link views; once, at start. */
export function wireTokenLinks() {
  const confirm = $('verify-confirm');
  onClick(confirm, async () => {
    const token = $('view-verify-email').dataset.token;
    await request('POST', '/auth/verify-email', {json: {token}});
    flash('Thank you: your email address is verified.', 'success');
    // The token is spent; keep it out of the history.
    history.replaceState(null, '', '/');
    navigate(auth.isSignedIn() ? '#account' : '#sign-in');
  });

  const changeEmail = $('email-change-confirm');
  onClick(changeEmail, async () => {
    const token = $('view-confirm-email-change').dataset.token;
    await request('POST', '/auth/email-change/confirm', {json: {token}});
    flash(
      'Your email address is changed: sign in with the new one from now on.',
      'success',
    );
    history.replaceState(null, '', '/');
    navigate(auth.isSignedIn() ? '#account' : '#sign-in');
  });

  onSubmit('reset-form', async ({password}) => {
    const token = $('view-reset-password').dataset.token;
    await request('POST', '/auth/password-reset/confirm', {
      json: {token, password},
    });
    // The reset signed out every session, this tab's included.
    auth.forgetTokens();
    flash('Your password is changed. Sign in with the new one.', 'success');
    history.replaceState(null, '', '/');
    navigate('#sign-in');
  });
}
