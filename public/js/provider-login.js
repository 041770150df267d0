// Signing in through another service (a provider): the code + PKCE flow of
// the page's own application `web`. The browser leaves for the provider and
// comes back to `/?code=…&state=…` (app.js finishes it).

import {request} from './api.js';
import * as auth from './auth.js';
import {beginFlow} from './pkce.js';

/**
 * Leaves for `provider`'s sign-in. `kind` is `login`, or `step-up` when a
 * signed-in person proves again who they are before a sensitive change
 * (`replaces`: the session the new sign-in takes the place of).
 */
export async function startProviderLogin(provider, kind = 'login', extra = {}) {
  const {state, challenge} = await beginFlow(kind, provider.name, extra);
  const query = new URLSearchParams({
    client_id: auth.CLIENT_ID,
    redirect_uri: auth.redirectUri(),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    response_mode: 'json',
  });
  const path =
    provider.authPath ?? `/auth/${encodeURIComponent(provider.name)}`;
  const {url} = await request('GET', `${path}?${query}`);
  location.assign(url);
}
