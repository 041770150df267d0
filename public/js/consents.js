// The account view's list of applications the user allowed (consents).

import * as auth from './auth.js';
import {$, el, notify, onClick, timeAgo} from './ui.js';

/** Lists the applications the user allowed, each with what it may do and a Revoke. */
export async function renderConsents() {
  const consents = await auth.authed('GET', '/users/me/consents');
  $('consent-list').replaceChildren(...consents.map(consentRow));
  $('consent-empty').hidden = consents.length > 0;
}

function consentRow(consent) {
  const name = consent.applicationName || 'An application';
  const button = el('button', {
    type: 'button',
    text: 'Revoke',
    'aria-label': `Revoke ${name}'s access`,
  });
  onClick(button, async () => {
    await auth.authed(
      'DELETE',
      `/users/me/consents/${encodeURIComponent(consent.id)}`,
    );
    notify(
      `${name} can no longer use your account; it will ask you again.`,
      'success',
    );
    await renderConsents();
  });
  const allowed = el(
    'ul',
    {className: 'muted'},
    ...consent.descriptions.map(line => el('li', {text: line})),
  );
  const since = el(
    'span',
    {className: 'muted'},
    'allowed ',
    timeAgo(consent.modified ?? consent.created),
  );
  return el(
    'li',
    {className: 'row', 'data-consent-id': consent.id},
    el(
      'div',
      {className: 'row-main'},
      el('strong', {text: name}),
      since,
      allowed,
    ),
    button,
  );
}
