// The signed-in view: profile, linked accounts, password (sessions in
// sessions.js, allowed applications in consents.js).

import * as auth from './auth.js';
import {beginFlow} from './pkce.js';
import {renderConsents} from './consents.js';
import {renderSessions} from './sessions.js';
import {
  $,
  busy,
  el,
  flash,
  formValues,
  navigate,
  notify,
  notifyError,
  onClick,
} from './ui.js';

let providers = [];
let user;

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
  await Promise.all([renderIdentities(), renderSessions(), renderConsents()]);
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

async function renderIdentities() {
  let identities = [];
  try {
    identities = await auth.authed('GET', '/users/me/identities');
  } catch (err) {
    // Until third-party login is deployed the list simply does not exist.
    if (err.status !== 404) throw err;
  }
  const list = $('identity-list');
  list.replaceChildren(...identities.map(identityRow));
  $('identity-empty').hidden = identities.length > 0;

  const linked = new Set(identities.map(i => i.provider));
  const linkable = providers.filter(
    p => p.link !== false && !linked.has(p.name) && !linked.has(p.provider),
  );
  $('link-block').hidden = linkable.length === 0;
  $('link-list').replaceChildren(
    ...linkable.map(p => {
      const button = el('button', {
        type: 'button',
        text: `Link ${providerLabel(p)}`,
      });
      onClick(button, () => startLink(p.name));
      return el('li', {}, button);
    }),
  );
}

function identityRow(identity) {
  const who =
    identity.profile?.displayName ??
    identity.profile?.emails?.[0]?.value ??
    identity.profile?.email ??
    identity.externalId;
  const entry =
    providers.find(p => p.name === identity.name) ??
    providers.find(p => p.provider === identity.provider);
  const label = providerLabel(entry ?? {provider: identity.provider});
  const button = el('button', {
    type: 'button',
    className: 'danger',
    text: 'Unlink',
    'aria-label': `Unlink ${label}`,
  });
  onClick(button, async () => {
    await auth.authed(
      'DELETE',
      `/users/me/identities/${encodeURIComponent(identity.id)}`,
    );
    notify(`${label} is no longer linked.`, 'success');
    await renderIdentities();
  });
  return el(
    'li',
    {className: 'row'},
    el(
      'div',
      {className: 'row-main'},
      el('strong', {text: label}),
      el('span', {className: 'muted', text: who ? String(who) : ''}),
    ),
    button,
  );
}

/** The entry's display name; "Google" from `google-login` without one. */
export function providerLabel(entry) {
  if (entry.displayName) return entry.displayName;
  const name = entry.name ?? entry.provider ?? '';
  const base = name.replace(/[-_](login|link)$/i, '');
  return base.charAt(0).toUpperCase() + base.slice(1);
}

async function startLink(name) {
  const {state, challenge} = await beginFlow('link', name);
  const {url} = await auth.authed('POST', `/link/${encodeURIComponent(name)}`, {
    json: {
      client_id: auth.CLIENT_ID,
      redirect_uri: auth.redirectUri(),
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    },
    // Keep the binding cookie: back from the provider, this browser then
    // links at once instead of being asked to confirm.
    credentials: 'same-origin',
  });
  location.assign(url);
}

/** Wires the account view's forms and buttons; once, at start. */
export function wireAccount() {
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
          `Check the inbox of ${pendingEmail}: open the link we sent there to start using it. Until then you keep signing in with ${user.email}.`,
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
      const tokens = await auth.authed('PUT', '/users/me/password', {
        json: {currentPassword, newPassword},
      });
      // Changing the password may end the other sessions and renew ours.
      if (tokens?.access_token) auth.acceptTokens(tokens);
      password.reset();
      notify('Your password is changed.', 'success');
      await renderSessions();
    }).catch(notifyError);
  });

  const resend = $('unverified-resend');
  onClick(resend, async () => {
    await auth.authed('POST', '/auth/verify-email/send');
    notify(`We sent a new link to ${user.email}.`, 'success');
  });

  const everywhere = $('sign-out-everywhere');
  onClick(everywhere, async () => {
    await auth.authed('DELETE', '/sessions');
    auth.forgetTokens();
    flash('You are signed out on every device.', 'success');
    navigate('#sign-in');
  });
}
