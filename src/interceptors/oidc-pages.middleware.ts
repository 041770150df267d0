import {BindingScope, injectable, Provider} from '@loopback/core';
import {asMiddleware, Middleware, RestMiddlewareGroups} from '@loopback/rest';
import {sendOidcErrorPage} from '../services/oidc/oidc-pages';
import {
  AppError,
  isUnavailableError,
  RETRY_AFTER_SECONDS,
  UNAVAILABLE_MESSAGE,
} from '../errors';

/**
 * The OpenID Provider's browser endpoints: a person reads their refusals,
 * in a browser tab an application sent them to. No redirect either: the
 * client or its redirect URI is what is in doubt.
 */
export const OIDC_PAGE_PATHS = new Set([
  '/oauth/authorize',
  '/oauth/authorize/resume',
  '/oauth/consent',
  '/oauth/end-session',
]);

interface HttpErrorLike extends Error {
  statusCode?: number;
  code?: string;
}

/**
 * On the OpenID Provider's browser endpoints, turns a refusal (any 4xx,
 * from the input guard, the body parser or the endpoint itself) and an
 * outage (503) into an HTML page with the stable code, instead of
 * LoopBack's JSON body (which a request preferring JSON still gets). Other
 * faults go on to the reject action (logged, bare 500).
 */
@injectable(
  asMiddleware({
    group: 'oidcPages',
    upstreamGroups: [RestMiddlewareGroups.SEND_RESPONSE],
    downstreamGroups: ['inputGuard', RestMiddlewareGroups.FIND_ROUTE],
  }),
  {scope: BindingScope.SINGLETON},
)
export class OidcPagesMiddlewareProvider implements Provider<Middleware> {
  value(): Middleware {
    return async (context, next) => {
      try {
        return await next();
      } catch (err) {
        const {request, response} = context;
        if (
          !OIDC_PAGE_PATHS.has(request.path) ||
          response.headersSent ||
          // A program that asks for JSON gets the error body as elsewhere.
          request.accepts('html', 'json') === 'json'
        ) {
          throw err;
        }
        if (isUnavailableError(err)) {
          response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
          return sendOidcErrorPage(
            response,
            503,
            'SERVICE_UNAVAILABLE',
            UNAVAILABLE_MESSAGE,
          );
        }
        const e = err as HttpErrorLike;
        const status = e.statusCode ?? 500;
        if (status < 400 || status >= 500) throw err;
        const code =
          err instanceof AppError ? err.code : (e.code ?? 'INVALID_REQUEST');
        return sendOidcErrorPage(response, status, code, e.message);
      }
    };
  }
}
