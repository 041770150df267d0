import {Application} from '../../models';

/**
 * The post-logout redirect rule, in one place. Whether RP-initiated logout
 * may send the browser to `uri` for `app`: exactly one of the application's
 * registered `postLogoutRedirectUris`, never a prefix or a pattern, and
 * never merely one of its sign-in `redirectUris`.
 */
export function isRegisteredPostLogoutRedirect(
  app: Application,
  uri: string,
): boolean {
  return (app.postLogoutRedirectUris ?? []).includes(uri);
}
