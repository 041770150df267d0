import {BindingScope, injectable, Provider} from '@loopback/core';
import {
  asMiddleware,
  Middleware,
  Request,
  RestMiddlewareGroups,
} from '@loopback/rest';
import {AppError, OAuthError} from '../errors';
import {
  findControlCharacter,
  firstControlCharacter,
} from '../services/platform/control-characters';
import {OAUTH_PATHS} from './oauth-error.middleware';

/**
 * Refuses, before the router and before any lookup, the URLs that LoopBack's
 * router (@loopback/rest's `router/trie.js`) answers with a 500 and the
 * values PostgreSQL cannot store:
 * - a malformed percent-escape in a path segment (`/sessions/%zz`): 400
 *   `INVALID_REQUEST` (the trie's `decodeURIComponent` throws);
 * - a segment named like an `Object.prototype` property
 *   (`/users/constructor/roles`): 404 `NOT_FOUND` (the trie looks segments
 *   up in plain objects, so `children['constructor']` is `Object`);
 * - a control character in a decoded path segment or in any query
 *   parameter's name or value: 400 `INVALID_CHARACTERS`, or RFC 6749
 *   `invalid_request` on the OAuth endpoints.
 * Request bodies are checked by `CheckedRequestBodyParser`, once parsed.
 * Runs after CORS, so a browser can read the refusal.
 */
@injectable(
  asMiddleware({
    group: 'inputGuard',
    upstreamGroups: [RestMiddlewareGroups.CORS],
    downstreamGroups: [
      RestMiddlewareGroups.API_SPEC,
      'rateLimitByIp',
      RestMiddlewareGroups.FIND_ROUTE,
    ],
  }),
  {scope: BindingScope.SINGLETON},
)
export class InputGuardMiddlewareProvider implements Provider<Middleware> {
  value(): Middleware {
    return async (ctx, next) => {
      checkPath(ctx.request);
      checkQuery(ctx.request);
      return next();
    };
  }
}

function checkPath(request: Request): void {
  for (const segment of request.path.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new AppError(
        'INVALID_REQUEST',
        'The path holds a malformed percent-escape.',
      );
    }
    if (decoded in Object.prototype) {
      throw new AppError(
        'NOT_FOUND',
        `Endpoint "${request.method} ${request.path}" not found.`,
      );
    }
    const found = firstControlCharacter(decoded);
    if (found) {
      throw refused(
        request,
        `The path contains a control character (${found}).`,
      );
    }
  }
}

function checkQuery(request: Request): void {
  const found = findControlCharacter(request.query);
  if (found) {
    throw refused(request, `Query parameter ${found.path} ${found.message}.`);
  }
}

function refused(request: Request, message: string): Error {
  return OAUTH_PATHS.has(request.path)
    ? new OAuthError('invalid_request', message)
    : new AppError('INVALID_CHARACTERS', message);
}
