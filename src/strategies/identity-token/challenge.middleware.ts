import {BindingScope, injectable, Provider} from '@loopback/core';
import {asMiddleware, Middleware, RestMiddlewareGroups} from '@loopback/rest';

/** The headers of the strategy's errors that must reach the client. */
const PASSED_ON = ['WWW-Authenticate', 'Retry-After'];

/**
 * LoopBack's stock error writer drops the headers an error carries, and a
 * 401 without `WWW-Authenticate` breaks RFC 6750 (and clients that read the
 * challenge). Around authentication, this copies an error's challenge and
 * `Retry-After` onto the response before the error is written.
 */
@injectable(
  asMiddleware({
    group: 'identityTokenChallenge',
    upstreamGroups: [RestMiddlewareGroups.SEND_RESPONSE],
    downstreamGroups: [RestMiddlewareGroups.AUTHENTICATION],
  }),
  {scope: BindingScope.SINGLETON},
)
export class IdentityTokenChallengeMiddleware implements Provider<Middleware> {
  value(): Middleware {
    return async ({response}, next) => {
      try {
        return await next();
      } catch (err) {
        const headers = (err as {headers?: unknown}).headers;
        if (headers && typeof headers === 'object' && !response.headersSent) {
          for (const name of PASSED_ON) {
            const value = (headers as Record<string, unknown>)[name];
            if (typeof value === 'string') response.setHeader(name, value);
          }
        }
        throw err;
      }
    };
  }
}
