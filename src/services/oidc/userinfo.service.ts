import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError, OAuthError} from '../../errors';
import {OidcAuthorizeBindings} from './authorize-keys';
import {TokenBindings} from '../tokens/keys';
import {UserRepository} from '../../repositories';
import {REALM} from '../../strategies/auth-challenge';
import {TokenService} from '../tokens/token.service';
import {userClaims} from './authorize-scopes';

/**
 * The UserInfo endpoint's answers (OpenID Connect Core §5.3): the claims
 * of the access token's scope (its session's grant, or the part of it a
 * refresh narrowed to). Only sessions opened through the authorization
 * endpoint with `openid` have such a scope.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcAuthorizeBindings.USERINFO_SERVICE},
})
export class UserinfoService {
  constructor(
    @inject(TokenBindings.TOKEN_SERVICE) private tokens: TokenService,
    @repository(UserRepository) private users: UserRepository,
  ) {}

  /**
   * `{sub, ...claims}` for a bearer access token. Throws OAuthError
   * `invalid_token` (401: missing, invalid, expired or revoked token, one
   * for another API or for no user, or a disabled account) or `insufficient_scope` (403: no `openid`), each
   * with its RFC 6750 `WWW-Authenticate` challenge.
   */
  async claims(
    accessToken: string | undefined,
  ): Promise<Record<string, unknown>> {
    if (!accessToken) {
      // RFC 6750 §3.1: no error code when no token was sent at all.
      throw new OAuthError('invalid_token', 'Send a bearer access token.', {
        statusCode: 401,
        headers: {'WWW-Authenticate': `Bearer realm="${REALM}"`},
      });
    }
    // The service's own API: a token for another resource (RFC 8707) or
    // an application's own token (no user) has no userinfo here.
    const claims = await this.tokens
      .verifyOwnApiToken(accessToken)
      .catch((err: unknown) => {
        if (
          err instanceof AppError &&
          (err.code === 'INVALID_TOKEN' || err.code === 'USER_TOKEN_REQUIRED')
        ) {
          throw invalidToken(err.message);
        }
        throw err;
      });
    // The token's own scope: a refresh may have narrowed the grant.
    const scopes = (claims.scope ?? '').split(' ');
    if (!scopes.includes('openid')) {
      throw new OAuthError(
        'insufficient_scope',
        'This access token was not granted the openid scope.',
        {
          statusCode: 403,
          headers: {
            'WWW-Authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="openid"`,
          },
        },
      );
    }
    const user = await this.users.findOne({where: {id: claims.sub}});
    if (!user || user.disabled) throw invalidToken('The account is disabled.');
    return {sub: user.id, ...userClaims(user, scopes)};
  }
}

function invalidToken(description: string): OAuthError {
  return new OAuthError('invalid_token', description, {
    statusCode: 401,
    headers: {
      'WWW-Authenticate': `Bearer realm="${REALM}", error="invalid_token"`,
    },
  });
}
