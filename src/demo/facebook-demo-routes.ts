import {createHash} from 'node:crypto';
import {clientOf, Handler, sameText, sendHtml, sendJson} from './demo-http';
import {dialogPage, errorPage} from './facebook-dialog-page';
import {ExpiringMap} from './expiring-map';

/** A Graph API user, as /me answers for the fields asked. */
export interface DemoFacebookUser {
  id: string;
  name: string;
  /** Only a confirmed address: Facebook shares no other. */
  email?: string;
}

/** What the routes share: the one app (this service), its codes and tokens. */
export interface DemoFacebookApp {
  clientId: string;
  clientSecret: string;
  /** The service's callback URL: the only redirect URI accepted. */
  redirectUri: string;
  appName: string;
  /** The Content-Security-Policy of the dialog's pages. */
  csp: string;
  codes: ExpiringMap<DemoFacebookUser>;
  tokens: ExpiringMap<DemoFacebookUser>;
}

export const CODE_TTL_MS = 60_000;
export const TOKEN_TTL_MS = 3_600_000;

/** The routes `METHOD /path` of the demo's Facebook, for `serve`. */
export function facebookDemoRoutes(app: DemoFacebookApp): Map<string, Handler> {
  return new Map<string, Handler>([
    ['GET /dialog/oauth', showDialog(app)],
    ['POST /dialog/oauth/decision', decide(app)],
    ['POST /oauth/access_token', issueToken(app)],
    ['GET /me', readMe(app)],
  ]);
}

function isClient(app: DemoFacebookApp, id?: string, secret?: string) {
  return (
    id === app.clientId &&
    (secret === undefined || sameText(secret, app.clientSecret))
  );
}

function showDialog(app: DemoFacebookApp): Handler {
  return ({query}, res) => {
    if (
      !isClient(app, query.client_id) ||
      query.redirect_uri !== app.redirectUri
    ) {
      return sendHtml(
        res,
        400,
        errorPage('Unknown app or redirect URI.'),
        app.csp,
      );
    }
    sendHtml(
      res,
      200,
      dialogPage({
        clientId: app.clientId,
        redirectUri: app.redirectUri,
        state: query.state ?? '',
        appName: app.appName,
      }),
      app.csp,
    );
  };
}

function decide(app: DemoFacebookApp): Handler {
  return ({body}, res) => {
    if (
      !isClient(app, body.client_id) ||
      body.redirect_uri !== app.redirectUri
    ) {
      return sendHtml(
        res,
        400,
        errorPage('Unknown app or redirect URI.'),
        app.csp,
      );
    }
    const back = new URL(app.redirectUri);
    if (body.state) back.searchParams.set('state', body.state);
    const name = body.name?.trim();
    if (body.decision !== 'allow' || !name) {
      back.searchParams.set('error', 'access_denied');
      back.searchParams.set('error_reason', 'user_denied');
      back.searchParams.set('error_description', 'Permissions error');
    } else {
      back.searchParams.set(
        'code',
        app.codes.add(demoUser(name, body.email, body.verified === 'yes')),
      );
    }
    res.writeHead(302, {location: back.toString()}).end();
  };
}

function issueToken(app: DemoFacebookApp): Handler {
  return (req, res) => {
    const client = clientOf(req);
    const user = app.codes.take(req.body.code);
    if (!isClient(app, client.id, client.secret)) {
      return sendJson(res, 401, oauthException('Invalid client secret'));
    }
    if (!user || req.body.redirect_uri !== app.redirectUri) {
      return sendJson(res, 400, oauthException('Invalid verification code'));
    }
    sendJson(res, 200, {
      access_token: app.tokens.add(user),
      token_type: 'bearer',
      expires_in: TOKEN_TTL_MS / 1000,
    });
  };
}

function readMe(app: DemoFacebookApp): Handler {
  return (req, res) => {
    const user = app.tokens.get(req.accessToken);
    if (!user) return sendJson(res, 401, oauthException('Invalid token'));
    sendJson(res, 200, pickFields(user, req.query.fields));
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
