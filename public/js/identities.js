// The account view's linked accounts: the identities at other services,
// each with Unlink, and a Link button for each provider not linked yet (a
// small username and password form for a directory entry). Linking and
// unlinking are both sensitive changes (step-up.js): a link is a new way
// into the account.

import * as auth from './auth.js';
import {directoryForm} from './directory-form.js';
import {beginFlow} from './pkce.js';
import {sensitive, setStepUpAccount} from './step-up.js';
import {$, el, notify, onClick} from './ui.js';

let providers = [];

/**
 * Lists the linked identities; `knownProviders` is every entry of
 * GET /auth/providers.
 */
export async function renderIdentities(knownProviders = providers) {
  providers = knownProviders;
  let identities = [];
  try {
    identities = await auth.authed('GET', '/users/me/identities');
  } catch (err) {
    // Until third-party login is deployed the list simply does not exist.
    if (err.status !== 404) throw err;
  }
  setStepUpAccount({
    providers: loginProvidersOf(identities, 'redirect'),
    directories: loginProvidersOf(identities, 'password'),
  });
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
      if (p.kind === 'password') return el('li', {}, directoryLinkForm(p));
      const button = el('button', {
        type: 'button',
        text: `Link ${providerLabel(p)}`,
      });
      onClick(button, () => startLink(p));
      return el('li', {}, button);
    }),
  );
}

/**
 * A directory (LDAP) entry has no page to send the browser to: its
 * username and password prove the account, POST /link/{name}/login.
 */
function directoryLinkForm(entry) {
  const label = providerLabel(entry);
  const form = directoryForm({
    label,
    title: `Link ${label}`,
    submit: `Link ${label}`,
    heading: 'h4',
    action: async credentials => {
      await sensitive('POST', `/link/${encodeURIComponent(entry.name)}/login`, {
        json: credentials,
        why: `Confirm it’s you before linking ${label}.`,
      });
      form.reset();
      notify(`${label} is now linked to your account.`, 'success');
      await renderIdentities();
    },
  });
  return form;
}

/**
 * The linked providers the person can sign in again with (step-up), of one
 * `kind`: `redirect` (the browser goes there) or `password` (directories).
 */
function loginProvidersOf(identities, kind) {
  return identities
    .map(i => entryOf(i))
    .filter(
      entry =>
        entry && entry.login !== false && (entry.kind ?? 'redirect') === kind,
    )
    .map(entry => ({entry, label: providerLabel(entry)}));
}

function entryOf(identity) {
  return (
    providers.find(p => p.name === identity.name) ??
    providers.find(p => p.provider === identity.provider)
  );
}

function identityRow(identity) {
  const who =
    identity.profile?.displayName ??
    identity.profile?.emails?.[0]?.value ??
    identity.profile?.email ??
    identity.externalId;
  const entry = entryOf(identity);
  const label = providerLabel(entry ?? {provider: identity.provider});
  const button = el('button', {
    type: 'button',
    className: 'danger',
    text: 'Unlink',
    'aria-label': `Unlink ${label}`,
  });
  onClick(button, async () => {
    await sensitive(
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

async function startLink(entry) {
  const {name} = entry;
  const {state, challenge} = await beginFlow('link', name);
  const {url} = await sensitive('POST', `/link/${encodeURIComponent(name)}`, {
    why: `Confirm it’s you before linking ${providerLabel(entry)}.`,
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
