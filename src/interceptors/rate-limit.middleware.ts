import {BindingScope, inject, injectable, Provider} from '@loopback/core';
import {
  asMiddleware,
  Middleware,
  Request,
  RestMiddlewareGroups,
} from '@loopback/rest';
import {ProviderEntry} from '../config/provider-entry';
import {IdentityBindings} from '../keys';
import {
  AccountLimitedAction,
  RATE_LIMITED_ROUTE_PATTERNS,
  RATE_LIMITED_ROUTES,
  RateLimitedAction,
} from '../services/abuse/rate-limit-settings';
import {RateLimiterService} from '../services/abuse/rate-limiter.service';
import {requestContext} from '../strategies/request-context';

/**
 * `METHOD path` of every entry's browser-flow routes. Unauthenticated, and a
 * start parks a flow in the store; the paths come from providers.json (an
 * entry may name its own), so no fixed pattern could cover them.
 */
export function providerFlowRoutes(
  entries: readonly ProviderEntry[],
): ReadonlySet<string> {
  return new Set(
    entries.flatMap(e => [
      `GET ${e.authPath}`,
      `GET ${e.callbackPath}`,
      `POST ${e.callbackPath}`,
    ]),
  );
}

/** The rate-limited action a request is, recognised by method and path. */
export function rateLimitedAction(
  request: Request,
  providerRoutes: ReadonlySet<string> = new Set(),
): RateLimitedAction | undefined {
  const path = request.path.replace(/\/+$/, '') || '/';
  const route = `${request.method.toUpperCase()} ${path}`;
  if (providerRoutes.has(route)) return 'providerFlow';
  return (
    RATE_LIMITED_ROUTES[route] ??
    RATE_LIMITED_ROUTE_PATTERNS.find(([pattern]) => pattern.test(route))?.[1]
  );
}

function isAccountLimited(
  action: RateLimitedAction | undefined,
): action is AccountLimitedAction {
  return (
    !!action &&
    action !== 'login' &&
    action !== 'providerFlow' &&
    action !== 'token'
  );
}

/**
 * Per-IP limits on the sign-in, sign-up, token, mail-sending and provider
 * flow routes.
 * Runs before routing, so a flood is refused before any parsing or
 * database work, and the controllers need to know nothing about it.
 */
@injectable(
  asMiddleware({
    group: 'rateLimitByIp',
    upstreamGroups: [RestMiddlewareGroups.CORS, RestMiddlewareGroups.API_SPEC],
    downstreamGroups: [RestMiddlewareGroups.FIND_ROUTE],
  }),
  {scope: BindingScope.SINGLETON},
)
export class IpRateLimitMiddlewareProvider implements Provider<Middleware> {
  constructor(
    @inject(IdentityBindings.RATE_LIMITER_SERVICE)
    private limiter: RateLimiterService,
    @inject(IdentityBindings.PROVIDERS)
    private providers: readonly ProviderEntry[],
  ) {}

  value(): Middleware {
    const providerRoutes = providerFlowRoutes(this.providers);
    return async (ctx, next) => {
      const action = rateLimitedAction(ctx.request, providerRoutes);
      const ip = action && requestContext(ctx.request).ip;
      if (action && ip) await this.limiter.consume(`ip:${action}`, ip);
      return next();
    };
  }
}

/**
 * Per-account limits on the same routes, keyed so that a stranger cannot
 * spend them on the owner's behalf (see accountKey). Login is left to
 * LoginService's lock-out, token requests to the token failure limit, and
 * mails to EmailFlowService's quotas. Runs once the body is parsed and
 * validated, so it can key on the email it names.
 */
@injectable(
  asMiddleware({
    group: 'rateLimitByAccount',
    upstreamGroups: [RestMiddlewareGroups.PARSE_PARAMS],
    downstreamGroups: [RestMiddlewareGroups.INVOKE_METHOD],
  }),
  {scope: BindingScope.SINGLETON},
)
export class AccountRateLimitMiddlewareProvider implements Provider<Middleware> {
  constructor(
    @inject(IdentityBindings.RATE_LIMITER_SERVICE)
    private limiter: RateLimiterService,
  ) {}

  value(): Middleware {
    return async (ctx, next) => {
      const action = rateLimitedAction(ctx.request);
      if (isAccountLimited(action)) {
        const {ip} = requestContext(ctx.request);
        const key = accountKey(action, ctx.request.body, ip);
        if (key) await this.limiter.consume(`account:${action}`, key);
      }
      return next();
    };
  }
}

/**
 * Whom a request acts on, as far as the requester alone can spend it: a
 * sign-up counts per (email, IP). Mails are EmailFlowService's: per
 * signed-in user, or per address, a quota that never refuses (a refusal
 * there would let anyone stop the owner's own request).
 */
export function accountKey(
  action: AccountLimitedAction,
  body: unknown,
  ip: string | undefined,
): string | undefined {
  const fields = (body && typeof body === 'object' ? body : {}) as Record<
    string,
    unknown
  >;
  const email =
    typeof fields.email === 'string'
      ? fields.email.trim().toLowerCase()
      : undefined;
  switch (action) {
    case 'signup':
      return email ? `email:${email}|ip:${ip ?? '-'}` : undefined;
    default:
      return undefined;
  }
}
