import {BindingScope, inject, injectable, Provider} from '@loopback/core';
import {
  asMiddleware,
  Middleware,
  Request,
  RestMiddlewareGroups,
} from '@loopback/rest';
import {IdentityBindings} from '../keys';
import {
  LimitName,
  RateLimiterService,
} from '../services/abuse/rate-limiter.service';
import {clientCredentials} from '../services/tokens/client-credentials';
import {requestContext} from '../strategies/request-context';
import {rateLimitedAction} from './rate-limit.middleware';

/** Statuses of a token request that failed through the caller's fault. */
const FAILURES = new Set([400, 401]);

/**
 * Failed `POST /auth/token` requests, counted per IP and per (client, IP).
 * A per-client or per-session count would let anyone spend a public
 * client's budget with bogus code exchanges and refuse its users' real
 * ones; counting failures against the caller's own address stops guessing
 * and floods without ever refusing someone else. Successes count nowhere
 * (the per-IP request limit still bounds the route).
 */
@injectable(
  asMiddleware({
    group: 'tokenFailureLimit',
    upstreamGroups: [RestMiddlewareGroups.PARSE_PARAMS],
    downstreamGroups: [RestMiddlewareGroups.INVOKE_METHOD],
  }),
  {scope: BindingScope.SINGLETON},
)
export class TokenFailureLimitMiddlewareProvider implements Provider<Middleware> {
  constructor(
    @inject(IdentityBindings.RATE_LIMITER_SERVICE)
    private limiter: RateLimiterService,
  ) {}

  value(): Middleware {
    return async (ctx, next) => {
      if (rateLimitedAction(ctx.request) !== 'token') return next();
      const {ip} = requestContext(ctx.request);
      if (!ip) return next();
      const counts: [LimitName, string][] = [
        ['token-failures:ip', ip],
        ['token-failures:client-ip', `${clientOf(ctx.request)}|${ip}`],
      ];
      for (const [limit, key] of counts) {
        await this.limiter.assertUnder(limit, key);
      }
      try {
        return await next();
      } catch (err) {
        const status = (err as {statusCode?: number}).statusCode;
        if (status !== undefined && FAILURES.has(status)) {
          for (const [limit, key] of counts) {
            await this.limiter.penalize(limit, key);
          }
        }
        throw err;
      }
    };
  }
}

/**
 * The client a token request names (body or Basic, read as the token
 * endpoint reads it), unverified; `-` when the credentials are malformed.
 */
function clientOf(request: Request): string {
  const body = (request.body ?? {}) as {client_id?: string};
  try {
    return clientCredentials(request, body).clientId ?? '-';
  } catch {
    return '-';
  }
}
