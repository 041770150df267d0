import {Application} from '../../models';

/**
 * THE POST-LOGOUT REDIRECT RULE, in one place. Whether RP-initiated logout
 * may send the browser to `uri` for `app`: exactly one of the URIs the
 * application registered, never a prefix or a pattern.
 *
 * TO SWITCH when `Application.postLogoutRedirectUris` exists: return
 * `(app.postLogoutRedirectUris ?? []).includes(uri)` instead. Until then
 * the application's registered `redirectUris` stand in for them.
 */
export function isRegisteredPostLogoutRedirect(
  app: Application,
  uri: string,
): boolean {
  return (app.redirectUris ?? []).includes(uri);
}
