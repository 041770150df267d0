// The account view's list of sessions: where the user is signed in.

import * as auth from './auth.js';
import {
  $,
  deviceName,
  el,
  flash,
  navigate,
  notify,
  onClick,
  timeAgo,
} from './ui.js';

/** Lists the user's sessions, this device first, each with its sign-out. */
export async function renderSessions() {
  const sessions = await auth.authed('GET', '/sessions');
  const current = auth.currentSessionId();
  const isCurrent = s => s.current === true || s.id === current;
  // This device first, then the most recently used.
  sessions.sort(
    (a, b) =>
      Number(isCurrent(b)) - Number(isCurrent(a)) ||
      String(b.lastUsedAt).localeCompare(String(a.lastUsedAt)),
  );
  $('session-list').replaceChildren(
    ...sessions.map(s => sessionRow(s, isCurrent(s))),
  );
}

function sessionRow(session, thisDevice) {
  const device = deviceName(session.userAgent);
  const button = el('button', {
    type: 'button',
    text: thisDevice ? 'Sign out this device' : 'Sign out',
    'aria-label': thisDevice
      ? 'Sign out this device'
      : `Sign out ${device} (${session.ip ?? 'unknown address'})`,
  });
  onClick(button, async () => {
    await auth.authed('DELETE', `/sessions/${encodeURIComponent(session.id)}`);
    if (thisDevice) {
      auth.forgetTokens();
      flash('You are signed out on this device.', 'success');
      navigate('#sign-in');
      return;
    }
    notify(`${device} is signed out.`, 'success');
    await renderSessions();
  });
  const meta = el(
    'span',
    {className: 'muted'},
    `${session.ip ?? 'unknown address'} · last used `,
    timeAgo(session.lastUsedAt ?? session.created),
  );
  const how = signedInWith(session);
  const method = how
    ? el('span', {className: 'muted', text: `Signed in with ${how}`})
    : '';
  return el(
    'li',
    {className: 'row', 'data-session-id': session.id},
    el(
      'div',
      {className: 'row-main'},
      el(
        'strong',
        {},
        device,
        thisDevice ? el('span', {className: 'badge', text: 'this device'}) : '',
      ),
      meta,
      method,
    ),
    button,
  );
}

/**
 * How a session signed in, in words, from its RFC 8176 `amr`: "password",
 * "password + authenticator app", "passkey", "provider + passkey"…
 * (`otp` is a code of the authenticator app, or a recovery code.)
 */
export function signedInWith(session) {
  const amr = session.amr ?? [];
  const key = amr.includes('hwk') || amr.includes('swk');
  let first;
  if (amr.includes('pwd')) first = 'password';
  else if (amr.includes('fed')) first = 'provider';
  else if (key) return 'passkey';
  else return fromAuthMethod(session.authMethod);
  const second = [];
  if (amr.includes('otp')) second.push('authenticator app');
  if (key) second.push('passkey');
  return [first, ...second].join(' + ');
}

function fromAuthMethod(authMethod) {
  if (!authMethod) return undefined;
  if (authMethod === 'password' || authMethod === 'basic') return 'password';
  if (authMethod === 'passkey') return 'passkey';
  return 'provider';
}
