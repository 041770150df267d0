import type {Application} from '../../models';

/**
 * The client id of the bundled web page; flows without client_id use it.
 * A platform constant (not the observer's that creates the application), so
 * every feature may name it without importing upward.
 */
export const WEB_CLIENT_ID = 'web';

/**
 * The `web` application as every start stores it: the first-party public
 * client of the bundled page, answering at `{BASE_URL}/`. The observer
 * writes it; the client rule takes it for the stored row while the first
 * start is still writing it, so `web` works from the first request.
 */
export function webApplication(
  baseUrl: string,
): Pick<
  Application,
  | 'id'
  | 'name'
  | 'type'
  | 'redirectUris'
  | 'allowedOrigins'
  | 'verifiedOrigins'
  | 'disabled'
  | 'firstParty'
> {
  return {
    id: WEB_CLIENT_ID,
    name: 'Web page',
    type: 'public',
    redirectUris: [`${baseUrl}/`],
    allowedOrigins: [baseUrl],
    verifiedOrigins: [baseUrl],
    disabled: false,
    firstParty: true,
  };
}
