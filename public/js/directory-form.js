// The username and password form of a directory entry (LDAP / Active
// Directory: `kind: 'password'` in GET /auth/providers), for signing in
// (directory-sign-in.js) and for linking (identities.js). Its refusals are
// told inside the form, next to the fields they are about, since the form
// may sit far below the page's notice on a phone.

import {describeDirectoryError} from './messages.js';
import {busy, el, formValues} from './ui.js';

let forms = 0;

/**
 * A form for `label`'s username and password, headed by `title` (in a
 * `heading` element, h2 by default), sent with a button named `submit`.
 * `action({username, password})` runs on submit; what it throws is said in
 * the form.
 */
export function directoryForm({label, title, submit, heading = 'h2', action}) {
  forms += 1;
  const id = `directory-${forms}`;
  const error = el('p', {
    id: `${id}-error`,
    className: 'notice error',
    role: 'alert',
    hidden: true,
  });
  const password = passwordInput(id);
  const form = el(
    'form',
    {className: 'directory-form', 'aria-labelledby': `${id}-title`},
    el(heading, {id: `${id}-title`, className: 'form-title', text: title}),
    error,
    field(`${id}-username`, `${label} username`, usernameInput(id)),
    field(`${id}-password`, `${label} password`, password),
    el('button', {type: 'submit', className: 'primary', text: submit}),
  );
  form.noValidate = true;
  const tell = err => {
    error.textContent = describeDirectoryError(err, label);
    error.hidden = false;
    if (err?.code === 'INVALID_CREDENTIALS') {
      password.value = '';
      password.setAttribute('aria-invalid', 'true');
      password.focus();
    }
  };
  form.addEventListener('submit', event => {
    event.preventDefault();
    if (!form.checkValidity()) {
      form.reportValidity();
      return;
    }
    error.hidden = true;
    password.removeAttribute('aria-invalid');
    const {username = '', password: secret = ''} = formValues(form);
    busy(form, () => action({username, password: secret}).catch(tell)).catch(
      tell,
    );
  });
  return form;
}

function field(id, text, input) {
  return el('div', {className: 'field'}, el('label', {for: id, text}), input);
}

function usernameInput(id) {
  return el('input', {
    id: `${id}-username`,
    name: 'username',
    type: 'text',
    autocomplete: 'username',
    autocapitalize: 'none',
    spellcheck: 'false',
    required: true,
  });
}

function passwordInput(id) {
  return el('input', {
    id: `${id}-password`,
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
}
