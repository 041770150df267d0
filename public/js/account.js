// The signed-in view: profile, linked accounts, password (sessions in
// sessions.js, allowed applications in consents.js, two-step verification
// in factors.js). Sensitive changes go through step-up.js's `sensitive`.

import * as auth from './auth.js';
import {renderConsents} from './consents.js';
import {renderFactors, wireFactors} from './factors.js';
import {withOutboxNote} from './mail-outbox.js';
import {providerLabel, renderIdentities} from './identities.js';
import {renderSessions} from './sessions.js';
import {sensitive, setStepUpAccount} from './step-up.js';
import {
  $,
  busy,
  flash,
  formValues,
  navigate,
  notify,
  notifyError,
  onClick,
} from './ui.js';

export {providerLabel};

let providers = [];
let user;
/** Whether the account has a password (else "Set a password"). */
let hasPassword = true;

/**
 * Loads and draws everything the account view shows. `knownProviders` is
 * every entry of GET /auth/providers: the linkable ones get a button, and
 * each names its linked identities.
 */
export async function renderAccount(knownProviders) {
  providers = knownProviders;
  user = await auth.authed('GET', '/users/me');
  $('profile-email-pending').hidden = true;
  renderProfile();
  await Promise.all([
    renderPasswordState(),
    renderIdentities(providers),
    renderFactors(),
    renderSessions(),
    renderConsents(),
  ]);
}

/** "Change password", or "Set a password" for an account without one. */
async function renderPasswordState() {
  const state = await auth
    .authed('GET', '/users/me/password')
    .catch(() => ({hasPassword: true}));
  hasPassword = state?.hasPassword !== false;
  setStepUpAccount({hasPassword});
  $('password-title').textContent = hasPassword
    ? 'Change password'
    : 'Set a password';
  $('password-none').hidden = hasPassword;
  $('password-current-field').hidden = !hasPassword;
  $('password-current').required = hasPassword;
  $('password-submit').textContent = hasPassword
    ? 'Change password'
    : 'Set password';
}

function renderProfile() {
  $('profile-email').value = user.email ?? '';
  $('profile-name').value = user.name ?? '';
  $('profile-username').value = user.username ?? '';
  $('profile-email-state').textContent = user.emailVerified
    ? 'Verified.'
    : 'Not verified yet.';
  $('password-form').elements.username.value = user.email ?? '';
  $('unverified').hidden = Boolean(user.emailVerified) || !user.email;
  $('unverified-email').textContent = user.email ?? '';
}

/** Says which address waits for its link, until the page is drawn anew. */
function showPendingEmail(email) {
  const hint = $('profile-email-pending');
  hint.textContent = `Waiting for you to open the link sent to ${email}.`;
  hint.hidden = false;
}

/** Wires the account view's forms and buttons; once, at start. */
export function wireAccount() {
  wireFactors();
  const profile = $('profile-form');
  profile.addEventListener('submit', event => {
    event.preventDefault();
    busy(profile, async () => {
      const {name, username, email} = formValues(profile);
      const changes = {};
      if ((name ?? '') !== (user.name ?? '')) changes.name = name ?? '';
      if ((username ?? '') !== (user.username ?? ''))
        changes.username = username;
      const newEmail = (email ?? '').trim().toLowerCase();
      if (newEmail && newEmail !== (user.email ?? '')) changes.email = newEmail;
      if (Object.keys(changes).length === 0) {
        notify('Nothing changed.', 'info');
        return;
      }
      const answer = await auth.authed('PATCH', '/users/me', {json: changes});
      const {pendingEmail, ...updated} = answer ?? {};
      user = answer ? updated : user;
      if (!user.email) user = await auth.authed('GET', '/users/me');
      renderProfile();
      if (pendingEmail) {
        // The address changes only once its owner opens the link.
        showPendingEmail(pendingEmail);
        notify(
          await withOutboxNote(
            `Check the inbox of ${pendingEmail}: open the link we sent there to start using it. Until then you keep signing in with ${user.email}.`,
          ),
          'success',
        );
      } else {
        notify('Your profile is saved.', 'success');
      }
    }).catch(notifyError);
  });

  const password = $('password-form');
  password.addEventListener('submit', event => {
    event.preventDefault();
    busy(password, async () => {
      const {currentPassword, newPassword} = formValues(password);
      const tokens = hasPassword
        ? await sensitive('PUT', '/users/me/password', {
            json: {currentPassword, newPassword},
          })
        : await sensitive('POST', '/users/me/password', {json: {newPassword}});
      // Changing the password may end the other sessions and renew ours.
      if (tokens?.access_token) auth.acceptTokens(tokens);
      password.reset();
      notify(
        hasPassword
          ? 'Your password is changed.'
          : 'Your password is set. You can now sign in with your email and it, too.',
        'success',
      );
      await renderPasswordState();
      await renderSessions();
    }).catch(notifyError);
  });

  const resend = $('unverified-resend');
  onClick(resend, async () => {
    await auth.authed('POST', '/auth/verify-email/send');
    notify(
      await withOutboxNote(`We sent a new link to ${user.email}.`),
      'success',
    );
  });

  const everywhere = $('sign-out-everywhere');
  onClick(everywhere, async () => {
    await auth.authed('DELETE', '/sessions');
    auth.forgetTokens();
    flash('You are signed out on every device.', 'success');
    navigate('#sign-in');
  });
}
