// Signing in with a directory password (LDAP / Active Directory entries):
// one form per `kind: 'password'` entry on the sign-in view. The answer is
// a token response like POST /auth/login's, kept the same way
// (directory-auth.js), and MFA_REQUIRED continues in the same second step
// (second-step.js).

import {signInWithDirectory} from './directory-auth.js';
import {directoryForm} from './directory-form.js';
import {providerLabel} from './identities.js';
import * as secondStep from './second-step.js';
import {enterAccount} from './sign-in.js';
import {$, el} from './ui.js';

/** Draws a form for each directory entry; `entries` may be empty. */
export function renderDirectorySignIn(entries) {
  $('directories-block').hidden = entries.length === 0;
  $('directory-list').replaceChildren(
    ...entries.map(entry => {
      const label = providerLabel(entry);
      const form = directoryForm({
        label,
        title: `Sign in with ${label}`,
        submit: `Sign in with ${label}`,
        action: credentials => signIn(entry, form, credentials),
      });
      return el('li', {}, form);
    }),
  );
}

async function signIn(entry, form, {username, password}) {
  try {
    await signInWithDirectory(entry, username, password);
  } catch (err) {
    if (err.code !== 'MFA_REQUIRED') throw err;
    form.reset();
    secondStep.startSecondStep(err.details, enterAccount);
    return;
  }
  form.reset();
  await enterAccount();
}
