import {BindingScope, injectable, Provider} from '@loopback/core';
import {
  asMiddleware,
  Middleware,
  Request,
  Response,
  RestMiddlewareGroups,
} from '@loopback/rest';
import helmet, {strictTransportSecurity} from 'helmet';
import {EXPLORER_PATH} from '../services/platform/web-client';

export {EXPLORER_PATH};

type CspDirectives = Record<string, string[]>;

/**
 * The page in public/ and every other response (JSON included): the page's
 * own modules and stylesheet, fetches to this origin, nothing inline and
 * nothing from elsewhere. The page's forms are handled by its scripts;
 * `form-action` covers a submit that happens before they load. Images may
 * also be `data:` URLs: the QR code of an authenticator app's set-up is one
 * (an `<img>` never runs script, and a data: URL loads nothing from
 * elsewhere).
 */
export const PAGE_CSP: CspDirectives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'object-src': ["'none'"],
};

/**
 * swagger-ui (public/explorer/ plus swagger-ui-dist): the same (its
 * stylesheet draws its icons with `data:` images).
 */
export const EXPLORER_CSP: CspDirectives = {
  ...PAGE_CSP,
  'img-src': ["'self'", 'data:'],
};

/**
 * HSTS only on a request that came over https (TLS here, or a trusted proxy
 * said so through X-Forwarded-Proto): browsers ignore it over http anyway,
 * and a plain-http development server must not claim https.
 */
const HSTS_MAX_AGE_S = 365 * 24 * 3600;

type Handler = (
  req: Request,
  res: Response,
  next: (err?: Error) => void,
) => void;

function helmetWith(csp: CspDirectives): Handler {
  return helmet({
    contentSecurityPolicy: {useDefaults: false, directives: csp},
    strictTransportSecurity: false,
    xFrameOptions: {action: 'deny'},
    referrerPolicy: {policy: 'no-referrer'},
  }) as Handler;
}

function run(handler: Handler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) =>
    handler(req, res, err => (err ? reject(err) : resolve())),
  );
}

/**
 * Security headers on every response, set before anything else runs so
 * that 404s, errors, CORS refusals and the OpenAPI document carry them too.
 * A handler that serves its own HTML (the link confirmation page) replaces
 * the CSP with one that fits that page.
 */
@injectable(
  asMiddleware({
    group: 'securityHeaders',
    upstreamGroups: [RestMiddlewareGroups.SEND_RESPONSE],
    downstreamGroups: [RestMiddlewareGroups.CORS],
  }),
  {scope: BindingScope.SINGLETON},
)
export class SecurityHeadersMiddlewareProvider implements Provider<Middleware> {
  private readonly page = helmetWith(PAGE_CSP);
  private readonly explorer = helmetWith(EXPLORER_CSP);
  private readonly hsts = strictTransportSecurity({
    maxAge: HSTS_MAX_AGE_S,
  }) as Handler;

  value(): Middleware {
    return async ({request, response}, next) => {
      const explorer =
        request.path === EXPLORER_PATH ||
        request.path.startsWith(`${EXPLORER_PATH}/`);
      await run(explorer ? this.explorer : this.page, request, response);
      if (request.secure) await run(this.hsts, request, response);
      return next();
    };
  }
}
