import {BindingScope, injectable, Provider} from '@loopback/core';
import {asMiddleware, Middleware, RestMiddlewareGroups} from '@loopback/rest';
import {
  AppError,
  isUnavailableError,
  OAuthError,
  temporarilyUnavailable,
} from '../errors';

/** The endpoints whose errors RFC 6749 §5.2 shapes. */
export const OAUTH_PATHS = new Set([
  '/auth/token',
  '/auth/revoke',
  '/auth/introspect',
]);

/** Statuses LoopBack answers for a body it cannot parse or validate. */
const MALFORMED = new Set([400, 415, 422]);

interface HttpErrorLike extends Error {
  statusCode?: number;
  details?: {path?: string; message?: string; info?: object}[];
}

/**
 * OAuth clients parse `{"error": "invalid_request"}`, not LoopBack's error
 * body; but LoopBack validates the request body before the controller runs.
 * On the OAuth endpoints this turns those validation and parse errors into
 * RFC 6749 `invalid_request` (400), and a database or store outage into
 * `temporarily_unavailable` (503 with `Retry-After`).
 */
@injectable(
  asMiddleware({
    group: 'oauthErrors',
    upstreamGroups: [RestMiddlewareGroups.SEND_RESPONSE],
    downstreamGroups: [RestMiddlewareGroups.FIND_ROUTE],
  }),
  {scope: BindingScope.SINGLETON},
)
export class OAuthErrorMiddlewareProvider implements Provider<Middleware> {
  value(): Middleware {
    return async (context, next) => {
      try {
        return await next();
      } catch (err) {
        if (!OAUTH_PATHS.has(context.request.path)) throw err;
        throw asOAuthError(err);
      }
    };
  }
}

function asOAuthError(err: unknown): unknown {
  if (err instanceof OAuthError) return err;
  if (isUnavailableError(err)) return temporarilyUnavailable(err);
  if (err instanceof AppError && err.code === 'MFA_REQUIRED') {
    return mfaRequired(err);
  }
  const e = err as HttpErrorLike;
  if (!e.statusCode || !MALFORMED.has(e.statusCode)) return err;
  const detail = e.details?.[0];
  const description = detail
    ? `${detail.path ? detail.path : 'body'} ${detail.message ?? 'is invalid'}${
        detail.info ? ` ${JSON.stringify(detail.info)}` : ''
      }`
    : e.message;
  return new OAuthError('invalid_request', description.trim());
}

/**
 * MFA_REQUIRED in the token endpoint's shape: `error` is `mfa_required`,
 * and the single-use token and the methods sit beside it, as `mfa_token`
 * and `methods`.
 */
function mfaRequired(err: AppError): OAuthError {
  const {mfaToken, ...rest} = (err.details ?? {}) as {mfaToken?: string};
  return new OAuthError('mfa_required', err.message, {
    statusCode: err.statusCode,
    body: {mfa_token: mfaToken, ...rest},
  });
}
