import {createHash, randomBytes} from 'node:crypto';
import http from 'node:http';
import {
  clientOf,
  Handler,
  sameText,
  sendHtml,
  sendJson,
  serve,
} from './demo-http';
import {dialogPage, errorPage, pageCsp} from './facebook-dialog-page';
import {close, listen, origin} from './listen';
import {ExpiringMap} from './expiring-map';

/** A Graph API user, as /me answers for the fields asked. */
export interface DemoFacebookUser {
  id: string;
  name: string;
  /** Only a confirmed address: Facebook shares no other. */
  email?: string;
}

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

const CODE_TTL_MS = 60_000;
const TOKEN_TTL_MS = 3_600_000;

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
  const codes = new ExpiringMap<DemoFacebookUser>(CODE_TTL_MS);
  const tokens = new ExpiringMap<DemoFacebookUser>(TOKEN_TTL_MS);
  const appName = options.appName ?? 'Identity service (demo)';
  const csp = pageCsp(options.redirectUri);
  const isClient = (id?: string, secret?: string) =>
    id === clientId && (secret === undefined || sameText(secret, clientSecret));

  const routes = new Map<string, Handler>([
    [
      'GET /dialog/oauth',
      ({query}, res) => {
        if (
          !isClient(query.client_id) ||
          query.redirect_uri !== options.redirectUri
        ) {
          return sendHtml(
            res,
            400,
            errorPage('Unknown app or redirect URI.'),
            csp,
          );
        }
        sendHtml(
          res,
          200,
          dialogPage({
            clientId,
            redirectUri: options.redirectUri,
            state: query.state ?? '',
            appName,
          }),
          csp,
        );
      },
    ],
    [
      'POST /dialog/oauth/decision',
      ({body}, res) => {
        if (
          !isClient(body.client_id) ||
          body.redirect_uri !== options.redirectUri
        ) {
          return sendHtml(
            res,
            400,
            errorPage('Unknown app or redirect URI.'),
            csp,
          );
        }
        const back = new URL(options.redirectUri);
        if (body.state) back.searchParams.set('state', body.state);
        const name = body.name?.trim();
        if (body.decision !== 'allow' || !name) {
          back.searchParams.set('error', 'access_denied');
          back.searchParams.set('error_reason', 'user_denied');
          back.searchParams.set('error_description', 'Permissions error');
        } else {
          back.searchParams.set(
            'code',
            codes.add(demoUser(name, body.email, body.verified === 'yes')),
          );
        }
        res.writeHead(302, {location: back.toString()}).end();
      },
    ],
    [
      'POST /oauth/access_token',
      (req, res) => {
        const client = clientOf(req);
        const user = codes.take(req.body.code);
        if (!isClient(client.id, client.secret)) {
          return sendJson(res, 401, oauthException('Invalid client secret'));
        }
        if (!user || req.body.redirect_uri !== options.redirectUri) {
          return sendJson(
            res,
            400,
            oauthException('Invalid verification code'),
          );
        }
        sendJson(res, 200, {
          access_token: tokens.add(user),
          token_type: 'bearer',
          expires_in: TOKEN_TTL_MS / 1000,
        });
      },
    ],
    [
      'GET /me',
      (req, res) => {
        const user = tokens.get(req.accessToken);
        if (!user) return sendJson(res, 401, oauthException('Invalid token'));
        sendJson(res, 200, pickFields(user, req.query.fields));
      },
    ],
  ]);

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

/**
 * The same email (or, without one, the same name) is the same account, so
 * a person signing in again lands where they did before.
 */
export function demoUser(
  name: string,
  email: string | undefined,
  confirmed: boolean,
): DemoFacebookUser {
  const typed = email?.trim().toLowerCase();
  const address = typed ? typed : undefined;
  const key = address ?? `name:${name.trim().toLowerCase()}`;
  const digest = createHash('sha256').update(key).digest('hex');
  // Numeric, like Facebook's app-scoped user ids.
  const id = BigInt(`0x${digest.slice(0, 13)}`).toString();
  return {
    id,
    name: name.trim(),
    ...(address && confirmed ? {email: address} : {}),
  };
}

/** Only the requested fields, as the Graph API answers. */
function pickFields(user: DemoFacebookUser, fields = 'id,name'): object {
  const all: Record<string, string | undefined> = {...user};
  const wanted = fields.split(',').map(f => f.trim().replace(/[.{].*$/, ''));
  return Object.fromEntries(
    wanted.filter(f => all[f] !== undefined).map(f => [f, all[f]]),
  );
}

function oauthException(message: string): object {
  return {error: {message, type: 'OAuthException', code: 190}};
}
