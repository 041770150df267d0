import {randomBytes} from 'node:crypto';
import http from 'node:http';
import {sendJson, serve} from './demo-http';
import {ExpiringMap} from './expiring-map';
import {
  CODE_TTL_MS,
  DemoFacebookUser,
  facebookDemoRoutes,
  TOKEN_TTL_MS,
} from './facebook-demo-routes';
import {pageCsp} from './facebook-dialog-page';
import {close, listen, origin} from './listen';

export {demoUser} from './facebook-demo-routes';
export type {DemoFacebookUser} from './facebook-demo-routes';

export interface FacebookDemoServer {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Entry options pointing passport-facebook at this server. */
  entryOptions(): Record<string, string>;
  stop(): Promise<void>;
}

export interface FacebookDemoOptions {
  port: number;
  host: string;
  publicHost: string;
  /** The service's callback URL: the only redirect URI accepted. */
  redirectUri: string;
  appName?: string;
}

/**
 * Speaks enough of Facebook's login protocol for passport-facebook: a login
 * dialog a person fills in (name, email, confirmed or not; Allow or Deny),
 * the token endpoint and /me. One app, this service.
 */
export async function startFacebookDemoServer(
  options: FacebookDemoOptions,
): Promise<FacebookDemoServer> {
  const clientId = 'identity-demo-app';
  const clientSecret = randomBytes(24).toString('base64url');
  const routes = facebookDemoRoutes({
    clientId,
    clientSecret,
    redirectUri: options.redirectUri,
    appName: options.appName ?? 'Identity service (demo)',
    csp: pageCsp(options.redirectUri),
    codes: new ExpiringMap<DemoFacebookUser>(CODE_TTL_MS),
    tokens: new ExpiringMap<DemoFacebookUser>(TOKEN_TTL_MS),
  });

  const server = http.createServer((req, res) => {
    serve(routes, req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, {error: 'server_error'});
    });
  });
  const port = await listen(server, options.port, options.host);
  const url = origin(options.publicHost, port);
  return {
    url,
    clientId,
    clientSecret,
    entryOptions: () => ({
      authorizationURL: `${url}/dialog/oauth`,
      tokenURL: `${url}/oauth/access_token`,
      profileURL: `${url}/me`,
    }),
    stop: () => close(server),
  };
}
