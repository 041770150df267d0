// The account page's "Two-step verification": the second factors of the
// account (authenticator apps and passkeys) with rename and remove, adding
// a passkey, and the recovery codes (recovery-codes.js) and authenticator
// app set-up (totp-setup.js) beside them.

import * as auth from './auth.js';
import {renderRemaining, showRecoveryCodes} from './recovery-codes.js';
import {wireRecoveryCodes} from './recovery-codes.js';
import {sensitive, setStepUpAccount} from './step-up.js';
import {wireTotpSetup} from './totp-setup.js';
import {$, busy, deviceName, el, notify, onClick, timeAgo} from './ui.js';
import {createPasskey, passkeysSupported} from './webauthn.js';

const KINDS = {totp: 'Authenticator app', webauthn: 'Passkey'};

/** Lists the account's second factors and the state of two-step verification. */
export async function renderFactors() {
  let factors;
  try {
    factors = await auth.authed('GET', '/users/me/factors');
  } catch (err) {
    // A service without second factors has no such list.
    if (err.status !== 404) throw err;
    $('two-step').hidden = true;
    return;
  }
  $('two-step').hidden = false;
  setStepUpAccount({factors});
  const confirmed = factors.filter(f => f.confirmedAt);
  $('two-step-state').textContent = confirmed.length
    ? 'On. When you sign in with your password, we also ask for one of these:'
    : 'Off. Add an authenticator app or a passkey, so that a stolen password alone cannot open your account.';
  $('factor-list').replaceChildren(...confirmed.map(factorRow));
  $('passkey-add').hidden = !passkeysSupported();
  await renderRemaining(confirmed.length > 0);
}

function factorRow(factor) {
  const kind = KINDS[factor.type] ?? factor.type;
  const name = factor.name || kind;
  const used = factor.lastUsedAt
    ? ['last used ', timeAgo(factor.lastUsedAt)]
    : ['not used yet'];
  const main = el(
    'div',
    {className: 'row-main'},
    el('strong', {text: name}),
    el(
      'span',
      {className: 'muted'},
      `${kind} · added `,
      timeAgo(factor.confirmedAt ?? factor.created),
      ' · ',
      ...used,
    ),
  );
  const actions = el('div', {className: 'row-actions'});
  const row = el(
    'li',
    {className: 'row', 'data-factor-id': factor.id},
    main,
    actions,
  );
  const showButtons = () => {
    const rename = el('button', {
      type: 'button',
      text: 'Rename',
      'aria-label': `Rename ${name}`,
    });
    rename.addEventListener('click', () => askName(row, factor, name));
    const remove = el('button', {
      type: 'button',
      className: 'danger',
      text: 'Remove',
      'aria-label': `Remove ${name}`,
    });
    remove.addEventListener('click', () => askRemoval(actions, factor, name));
    actions.replaceChildren(rename, remove);
  };
  showButtons();
  row.showButtons = showButtons;
  return row;
}

function askName(row, factor, name) {
  const input = el('input', {
    type: 'text',
    name: 'name',
    value: name,
    maxlength: '64',
    required: true,
    'aria-label': `New name for ${name}`,
  });
  const form = el(
    'form',
    {className: 'rename-form', novalidate: true},
    input,
    el('button', {type: 'submit', className: 'primary', text: 'Save'}),
    el('button', {type: 'button', text: 'Cancel'}),
  );
  form.querySelector('button[type=button]').addEventListener('click', () => {
    form.remove();
    row.showButtons();
  });
  form.addEventListener('submit', event => {
    event.preventDefault();
    const newName = input.value.trim();
    if (!newName) return;
    busy(form, async () => {
      await sensitive('PATCH', `/users/me/factors/${enc(factor.id)}`, {
        json: {name: newName},
      });
      notify(`Renamed to “${newName}”.`, 'success');
      await renderFactors();
    }).catch(() => {});
  });
  row.querySelector('.row-actions').replaceChildren();
  row.append(form);
  input.focus();
}

function askRemoval(actions, factor, name) {
  const question = el('span', {
    text: `Remove ${name}? You can no longer sign in with it.`,
  });
  const yes = el('button', {
    type: 'button',
    className: 'danger',
    text: `Yes, remove`,
  });
  const no = el('button', {type: 'button', text: 'Keep it'});
  no.addEventListener('click', () => actions.parentElement.showButtons());
  onClick(yes, async () => {
    await sensitive('DELETE', `/users/me/factors/${enc(factor.id)}`);
    const before = $('factor-list').children.length;
    await renderFactors();
    notify(
      before === 1
        ? `${name} is removed. Two-step verification is now off, and your recovery codes no longer work.`
        : `${name} is removed.`,
      'success',
    );
  });
  actions.replaceChildren(question, yes, no);
  no.focus();
}

async function addPasskey() {
  const options = await sensitive('POST', '/users/me/factors/webauthn/options');
  const credential = await createPasskey(options);
  const answer = await sensitive('POST', '/users/me/factors/webauthn', {
    json: {
      name: `Passkey (${deviceName(navigator.userAgent)})`,
      credential,
    },
  });
  await renderFactors();
  if (answer?.recoveryCodes) showRecoveryCodes(answer.recoveryCodes);
  notify(
    answer?.recoveryCodes
      ? 'Your passkey is added, and two-step verification is on. Save your recovery codes now: they are shown only once.'
      : 'Your passkey is added. Next time, choose “Sign in with a passkey”.',
    'success',
  );
}

function enc(id) {
  return encodeURIComponent(id);
}

/** Wires the section's buttons; once, at start. */
export function wireFactors() {
  wireTotpSetup(renderFactors);
  wireRecoveryCodes(renderFactors);
  onClick($('passkey-add'), addPasskey);
}
