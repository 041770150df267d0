import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {OAuthError} from '../../errors';
import {OidcBindings} from './keys';
import {TokenBindings} from '../tokens/keys';
import {ClientAuthenticator} from '../tokens/client-authenticator.service';
import type {ClientCredentials} from '../tokens/client-authenticator.service';
import {
  GrantHandler,
  GrantResponse,
  requireGrantType,
  resourceParameters,
  TokenRequest,
} from '../tokens/grant-handler';
import {TokenService} from '../tokens/token.service';
import {parseScopeParameter} from './scopes';
import {TokenAudienceService} from './token-audience.service';

/**
 * `grant_type=client_credentials` (RFC 6749 §4.4): a confidential
 * application registered for it gets a token of its own, for no user: `sub`
 * and `client_id` are its client id, `aud` the resource it names (RFC 8707)
 * or itself, `scope` the resource scopes it may get there. No refresh
 * token: it authenticates again instead. Bound as the tokens feature's
 * CLIENT_CREDENTIALS_GRANT.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcBindings.CLIENT_CREDENTIALS_GRANT_SERVICE},
})
export class ClientCredentialsGrantService implements GrantHandler {
  constructor(
    @inject(TokenBindings.CLIENT_AUTHENTICATOR)
    private clients: ClientAuthenticator,
    @inject(OidcBindings.TOKEN_AUDIENCE_SERVICE)
    private audiences: TokenAudienceService,
    @inject(TokenBindings.TOKEN_SERVICE) private tokens: TokenService,
  ) {}

  /**
   * The token response, or OAuthError `invalid_client` (authentication),
   * `unauthorized_client` (a public client, or one not registered for the
   * grant), `invalid_target` (an unknown resource, or several).
   */
  async grant(
    request: TokenRequest,
    credentials: ClientCredentials,
  ): Promise<GrantResponse> {
    const client = await this.clients.require(credentials);
    // RFC 6749 §4.4: only a client that can keep a secret acts as itself.
    if (client.type !== 'confidential') {
      throw new OAuthError(
        'unauthorized_client',
        'Only a confidential client may use client_credentials.',
      );
    }
    requireGrantType(client, 'client_credentials');
    const audience = await this.audiences.forClient(
      client,
      request.scope ? parseScopeParameter(request.scope) : undefined,
      resourceParameters(request),
    );
    const {accessToken, expiresIn} = await this.tokens.issueClientToken({
      clientId: client.id,
      audience: audience.aud,
      scope: audience.scope,
      ttl: audience.ttl,
    });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: expiresIn,
      ...(audience.scope.length ? {scope: audience.scope.join(' ')} : {}),
    };
  }
}
