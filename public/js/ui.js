// Small DOM helpers: views, the one live region, busy forms and elements
// built without innerHTML (values from the service are never parsed as HTML).

import {describeError} from './messages.js';

const VIEWS = [
  'sign-in',
  'sign-up',
  'verify-notice',
  'forgot-password',
  'reset-password',
  'verify-email',
  'confirm-email-change',
  'mfa',
  'account',
];

export const $ = id => document.getElementById(id);

let flashed;

/** A message to show once the next view is on screen. */
export function flash(text, kind = 'info') {
  flashed = {text, kind};
}

/** Goes to a `#route`, rendering it again when it is already the current one. */
export function navigate(hash) {
  if (location.hash === hash) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}

/**
 * Shows one view and moves focus to its heading, so keyboard and screen
 * reader users land where the content changed.
 */
export function showView(name) {
  $('loading').hidden = true;
  for (const view of VIEWS) $(`view-${view}`).hidden = view !== name;
  if (flashed) notify(flashed.text, flashed.kind);
  else clearNotice();
  flashed = undefined;
  const heading = document.querySelector(`#view-${name} h1`);
  heading?.focus();
  document.title = `${heading?.textContent ?? 'Identity'} · Identity service`;
}

/** Says something in the live region; `kind` is `info`, `success` or `error`. */
export function notify(text, kind = 'info') {
  const notice = $('notice');
  notice.hidden = false;
  notice.className = `notice ${kind}`;
  // Errors interrupt; confirmations wait for the reader to finish.
  notice.setAttribute('aria-live', kind === 'error' ? 'assertive' : 'polite');
  notice.textContent = text;
}

export function notifyError(err) {
  notify(describeError(err), 'error');
}

export function clearNotice() {
  const notice = $('notice');
  notice.hidden = true;
  notice.textContent = '';
}

/**
 * Runs an action for a form or button, disabling it meanwhile so a double
 * click does not send twice; a failure is told in words.
 */
export async function busy(control, action) {
  const buttons =
    control instanceof HTMLFormElement
      ? [...control.querySelectorAll('button')]
      : [control];
  for (const b of buttons) b.disabled = true;
  control.setAttribute('aria-busy', 'true');
  try {
    await action();
  } catch (err) {
    notifyError(err);
  } finally {
    for (const b of buttons) b.disabled = false;
    control.removeAttribute('aria-busy');
  }
}

/** Runs `action` on click, through `busy`. */
export function onClick(button, action) {
  button.addEventListener('click', () => {
    busy(button, action).catch(notifyError);
  });
}

/** The trimmed, non-empty fields of a form. */
export function formValues(form) {
  const values = {};
  for (const [key, value] of new FormData(form)) {
    const text = typeof value === 'string' ? value.trim() : '';
    // Passwords are taken as typed: spaces may be part of them.
    const kept = key.toLowerCase().includes('password') ? value : text;
    if (kept !== '') values[key] = kept;
  }
  return values;
}

/** An element with text and attributes; children appended in order. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (key === 'text') node.textContent = value;
    else if (key === 'className') node.className = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** "Chrome on Linux" from a user agent string; the raw string otherwise. */
export function deviceName(userAgent) {
  if (!userAgent) return 'Unknown device';
  const browsers = [
    ['Edg/', 'Edge'],
    ['OPR/', 'Opera'],
    ['Firefox/', 'Firefox'],
    ['Chrome/', 'Chrome'],
    ['Chromium/', 'Chromium'],
    ['Safari/', 'Safari'],
    ['curl/', 'curl'],
  ];
  const systems = [
    ['Android', 'Android'],
    ['iPhone', 'iPhone'],
    ['iPad', 'iPad'],
    ['Windows', 'Windows'],
    ['Mac OS X', 'macOS'],
    ['CrOS', 'ChromeOS'],
    ['Linux', 'Linux'],
  ];
  const browser = browsers.find(([needle]) => userAgent.includes(needle))?.[1];
  const system = systems.find(([needle]) => userAgent.includes(needle))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? userAgent.slice(0, 60);
}

const relative = new Intl.RelativeTimeFormat(undefined, {numeric: 'auto'});
const absolute = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** A <time> saying "5 minutes ago", with the exact date as its title. */
export function timeAgo(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return el('span', {text: 'unknown'});
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const steps = [
    [60, 'second'],
    [3600, 'minute'],
    [86400, 'hour'],
    [Infinity, 'day'],
  ];
  let unit = 'second';
  let value = seconds;
  let size = 1;
  for (const [limit, name] of steps) {
    unit = name;
    value = Math.round(seconds / size);
    if (Math.abs(seconds) < limit) break;
    size = limit;
  }
  const text =
    Math.abs(seconds) < 45 ? 'just now' : relative.format(value, unit);
  return el('time', {
    datetime: date.toISOString(),
    title: absolute.format(date),
    text,
  });
}

/** Calls `action` with the form's values on submit, busy meanwhile. */
export function onSubmit(formId, action) {
  const form = $(formId);
  form.addEventListener('submit', event => {
    event.preventDefault();
    if (!form.checkValidity()) {
      form.reportValidity();
      return;
    }
    busy(form, () => action(formValues(form))).catch(notifyError);
  });
}
