import {BindingScope, inject, injectable, Provider} from '@loopback/core';
import {
  asMiddleware,
  BaseRoute,
  Middleware,
  MiddlewareContext,
  RedirectRoute,
  Request,
  ResolvedRoute,
  RestBindings,
  RestMiddlewareGroups,
} from '@loopback/rest';
import {IdentityBindings} from '../keys';
import {Logger} from '../services/platform/logger';
import {MetricsService} from '../services/platform/metrics.service';
import {requestIdFor, requestScope} from '../services/platform/request-scope';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * The route template a request matched (`/users/{id}`), never its raw path:
 * static files and express routes (whose LoopBack route carries the raw URL,
 * query string included) are `static`, a request no route took `unmatched`.
 */
export function routeLabel(route: ResolvedRoute | undefined): string {
  if (!route) return 'unmatched';
  if (route instanceof BaseRoute) return route.path;
  if (route instanceof RedirectRoute) return route.sourcePath;
  return 'static';
}

/** Whether the immediate peer is a proxy Express's `trust proxy` trusts. */
function fromTrustedProxy(request: Request): boolean {
  const trust = request.app?.get('trust proxy fn') as
    ((address: string | undefined, hop: number) => boolean) | undefined;
  return trust ? trust(request.socket.remoteAddress, 0) : false;
}

/**
 * Outermost around every request: gives it an id (`X-Request-Id`, kept from a
 * trusted proxy when sane, made otherwise) that every log line written for
 * it carries; when the response is finished, writes one access log line
 * (method, route template, status, duration, request id: no path, query
 * string, header or body) and counts it in the metrics.
 */
@injectable(
  asMiddleware({
    group: 'requestObserver',
    downstreamGroups: [RestMiddlewareGroups.SEND_RESPONSE],
  }),
  {scope: BindingScope.SINGLETON},
)
export class RequestObserverMiddlewareProvider implements Provider<Middleware> {
  /**
   * The logger without its redaction: an access line holds only the fields
   * written below, none of them secret, and redacting (wildcard paths)
   * would cost about 45 µs of CPU per request, a line at 1.7 µs.
   */
  private readonly access: Logger;

  constructor(
    @inject(IdentityBindings.LOGGER) log: Logger,
    @inject(IdentityBindings.METRICS) private metrics: MetricsService,
  ) {
    this.access = log.child({}, {redact: {paths: []}});
  }

  value(): Middleware {
    return async (ctx, next) => {
      const {request, response} = ctx;
      const start = process.hrtime.bigint();
      const requestId = requestIdFor(
        request.headers['x-request-id'],
        fromTrustedProxy(request),
      );
      response.setHeader(REQUEST_ID_HEADER, requestId);
      try {
        // sendResponse (and the reject action, with its error log) runs
        // inside: every line it writes names the request too.
        return await requestScope.run({requestId}, next);
      } finally {
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        this.finished(ctx, requestId, ms);
      }
    };
  }

  private finished(ctx: MiddlewareContext, requestId: string, ms: number) {
    const route = routeLabel(
      ctx.getSync(RestBindings.Operation.ROUTE, {optional: true}),
    );
    const {method} = ctx.request;
    const status = ctx.response.statusCode;
    this.metrics.request(method, route, status, ms);
    this.access.info(
      {requestId, method, route, status, durationMs: round(ms)},
      'request',
    );
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
