import type {Application} from '../../models';

/**
 * The client id of the bundled web page; flows without client_id use it.
 * A platform constant (not the observer's that creates the application), so
 * every feature may name it without importing upward.
 */
export const WEB_CLIENT_ID = 'web';

/** The client id of the API explorer's one-click sign-in (swagger-ui's oauth2). */
export const EXPLORER_CLIENT_ID = 'explorer';

/** Where the application mounts LoopBack's API explorer. */
export const EXPLORER_PATH = '/explorer';

/**
 * The explorer's OAuth 2.0 redirect page, where swagger-ui's default
 * `oauth2RedirectUrl` points: public/explorer/oauth2-redirect.html, served
 * in place of swagger-ui-dist's (see oauth2-redirect-channel.js there).
 */
export const EXPLORER_REDIRECT_PATH = `${EXPLORER_PATH}/oauth2-redirect.html`;

/** What every start stores of a built-in application. */
export type BuiltInApplication = Pick<
  Application,
  | 'id'
  | 'name'
  | 'type'
  | 'redirectUris'
  | 'allowedOrigins'
  | 'verifiedOrigins'
  | 'disabled'
  | 'firstParty'
  | 'grantTypes'
>;

/**
 * The `web` application as every start stores it: the first-party public
 * client of the bundled page, answering at `{BASE_URL}/`. The observer
 * writes it; the client rule takes it for the stored row while the first
 * start is still writing it, so `web` works from the first request.
 */
export function webApplication(baseUrl: string): BuiltInApplication {
  return {
    id: WEB_CLIENT_ID,
    name: 'Web page',
    type: 'public',
    redirectUris: [`${baseUrl}/`],
    allowedOrigins: [baseUrl],
    verifiedOrigins: [baseUrl],
    disabled: false,
    firstParty: true,
    grantTypes: ['authorization_code', 'refresh_token'],
  };
}

/**
 * The `explorer` application: the first-party public client that the API
 * explorer signs in with (authorization code with PKCE, in a popup that
 * lands on the explorer's redirect page). The explorer calls the API from
 * the service's own origin, so it needs no CORS origin.
 */
export function explorerApplication(baseUrl: string): BuiltInApplication {
  return {
    id: EXPLORER_CLIENT_ID,
    name: 'API explorer',
    type: 'public',
    redirectUris: [`${baseUrl}${EXPLORER_REDIRECT_PATH}`],
    allowedOrigins: [],
    verifiedOrigins: [],
    disabled: false,
    firstParty: true,
    grantTypes: ['authorization_code', 'refresh_token'],
  };
}

/** The applications the service brings itself, as every start stores them. */
export function builtInApplications(baseUrl: string): BuiltInApplication[] {
  return [webApplication(baseUrl), explorerApplication(baseUrl)];
}

/**
 * Whether `clientId` names a built-in application: always first-party,
 * never deleted, never without its sign-in grants, whatever a request asks.
 */
export function isBuiltInClient(clientId: string): boolean {
  return clientId === WEB_CLIENT_ID || clientId === EXPLORER_CLIENT_ID;
}
