import {BindingScope, inject, injectable, Provider} from '@loopback/core';
import {asMiddleware, Middleware, RestMiddlewareGroups} from '@loopback/rest';
import {AppError} from '../errors';
import {IdentityBindings} from '../keys';
import {CorsPolicyService} from '../services/platform/cors-policy.service';

const ALLOWED_METHODS = 'GET, HEAD, PUT, PATCH, POST, DELETE';
const ALLOWED_HEADERS =
  'Authorization, Content-Type, No-Auth-Challenge, Device-Token';
// Scripts need these to react to a 401 challenge or a 429, to keep the
// device token a sign-in hands out, to follow a list's next page, and to
// quote a request id in a report.
const EXPOSED_HEADERS =
  'WWW-Authenticate, Retry-After, Device-Token, Auth-Token, Auth-Token-Location, Auth-Token-Valid-Until, Link, X-Request-Id';
/** Browsers cap preflight caching at 2 h (Chromium) anyway. */
const PREFLIGHT_MAX_AGE_S = 600;

/**
 * CORS for the registered origins only (LoopBack's default, disabled in
 * application.ts, allows every origin with credentials). No
 * `Access-Control-Allow-Credentials`: the API takes bearer tokens, never
 * cookies. A preflight from an origin not allowed is answered 403
 * `ORIGIN_NOT_ALLOWED`; other requests from it proceed without CORS
 * headers, so the browser withholds the response from the page.
 */
@injectable(
  asMiddleware({
    group: RestMiddlewareGroups.CORS,
    downstreamGroups: [
      RestMiddlewareGroups.API_SPEC,
      RestMiddlewareGroups.FIND_ROUTE,
    ],
  }),
  {scope: BindingScope.SINGLETON},
)
export class CorsMiddlewareProvider implements Provider<Middleware> {
  constructor(
    @inject(IdentityBindings.CORS_POLICY_SERVICE)
    private policy: CorsPolicyService,
  ) {}

  value(): Middleware {
    return async (ctx, next) => {
      const {request, response} = ctx;
      const origin = request.headers.origin;
      if (typeof origin !== 'string') return next();
      response.vary('Origin');
      const allowed = await this.policy.allows(origin);
      const preflight =
        request.method === 'OPTIONS' &&
        request.headers['access-control-request-method'] !== undefined;
      if (!allowed) {
        if (preflight) {
          throw new AppError(
            'ORIGIN_NOT_ALLOWED',
            'This origin is not a verified origin of any enabled application.',
          );
        }
        return next();
      }
      response.setHeader('Access-Control-Allow-Origin', origin);
      if (!preflight) {
        response.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
        return next();
      }
      response.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
      response.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
      response.setHeader('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE_S));
      response.status(204).setHeader('Content-Length', '0');
      response.end();
      return response;
    };
  }
}
