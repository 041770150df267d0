import {AuthenticationStrategy} from '@loopback/authentication';
import {BindingScope, inject, injectable} from '@loopback/core';
import {asAuthStrategy} from '@loopback/authentication';
import {Request} from '@loopback/rest';
import {AppError} from '../errors';
import {IdentityBindings} from '../keys';
import {MetricsService} from '../services/platform/metrics.service';
import {TokenService} from '../services/tokens/token.service';
import {authCredentials} from './auth-header';
import {CurrentUser, currentUser} from './current-user';

/**
 * `Authorization: Bearer <access token>`. Steps aside (returns undefined)
 * when the request carries another scheme, so Basic can answer it.
 */
@injectable(asAuthStrategy, {scope: BindingScope.SINGLETON})
export class BearerTokenStrategy implements AuthenticationStrategy {
  name = 'bearer';

  constructor(
    @inject(IdentityBindings.TOKEN_SERVICE) private tokens: TokenService,
    @inject(IdentityBindings.METRICS, {optional: true})
    private metrics?: MetricsService,
  ) {}

  async authenticate(request: Request): Promise<CurrentUser | undefined> {
    const token = authCredentials(request, 'bearer');
    if (token === undefined) return undefined;
    if (!token) {
      this.metrics?.tokenRefused('INVALID_TOKEN');
      throw new AppError('INVALID_TOKEN', 'The bearer token is empty.');
    }
    // The service's own API: a token for another API (RFC 8707 `aud`), or
    // an application's own token (no user), never acts for anyone here.
    const claims = await this.tokens
      .verifyOwnApiToken(token)
      .catch((err: {code?: string}) => {
        this.metrics?.tokenRefused(err.code ?? 'error');
        throw err;
      });
    return currentUser(claims.sub, {
      authMethod: 'bearer',
      sessionId: claims.sid,
      applicationId: claims.client_id,
      ...(typeof claims.auth_time === 'number'
        ? {authTime: new Date(claims.auth_time * 1000)}
        : {}),
      ...(Array.isArray(claims.amr) ? {amr: claims.amr} : {}),
      ...(claims.scope !== undefined
        ? {scopes: claims.scope.split(' ').filter(Boolean)}
        : {}),
    });
  }
}
