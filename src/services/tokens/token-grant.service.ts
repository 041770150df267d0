import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {OAuthError} from '../../errors';
import {TOKEN_EXCHANGE_GRANT} from '../../models';
import {PlatformBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {RequestContext} from '../../strategies/request-context';
import {AuthorizationCodeService} from './authorization-code.service';
import {
  ClientAuthenticator,
  ClientCredentials,
} from './client-authenticator.service';
import {CorsPolicyService} from '../platform/cors-policy.service';
import {Logger} from '../platform/logger';
import {CodeTokenResponse} from './code-response';
import {SessionService, TokenResponse} from './session.service';
import type {
  TokenExchangeGrant,
  TokenExchangeParams,
  TokenExchangeResponse,
} from './token-exchange';

/** The parameters of `POST /auth/token` (RFC 6749 §4.1.3, §6). */
export interface TokenRequest extends TokenExchangeParams {
  grant_type: string;
  refresh_token?: string;
  code?: string;
  redirect_uri?: string;
  code_verifier?: string;
}

/** The grants `POST /auth/token` answers. */
export const GRANT_TYPES = [
  'refresh_token',
  'authorization_code',
  TOKEN_EXCHANGE_GRANT,
] as const;

/**
 * The token endpoint's decisions: which grant, which client, and whether
 * that client may use the grant it presents.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.TOKEN_GRANT_SERVICE},
})
export class TokenGrantService {
  constructor(
    @inject(TokenBindings.CLIENT_AUTHENTICATOR)
    private clients: ClientAuthenticator,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(TokenBindings.AUTHORIZATION_CODE_SERVICE)
    private codes: AuthorizationCodeService,
    @inject(PlatformBindings.CORS_POLICY_SERVICE)
    private cors: CorsPolicyService,
    @inject(PlatformBindings.LOGGER) private logger: Logger,
    @inject(TokenBindings.TOKEN_EXCHANGE_GRANT, {optional: true})
    private exchanges?: TokenExchangeGrant,
  ) {}

  /**
   * A token response for a grant, or OAuthError: `invalid_request` for a
   * missing parameter, `unsupported_grant_type`, `invalid_client`,
   * `invalid_grant`; and those of TokenExchangeGrant.
   */
  async grant(
    request: TokenRequest,
    credentials: ClientCredentials,
    context: RequestContext = {},
  ): Promise<CodeTokenResponse | TokenExchangeResponse> {
    switch (request.grant_type) {
      case 'refresh_token':
        return this.refresh(request, credentials, context);
      case 'authorization_code':
        return this.exchangeCode(request, credentials);
      case TOKEN_EXCHANGE_GRANT:
        return this.exchangeToken(request, credentials, context);
      default:
        throw new OAuthError(
          'unsupported_grant_type',
          `grant_type must be one of: ${GRANT_TYPES.join(', ')}.`,
        );
    }
  }

  private async refresh(
    request: TokenRequest,
    credentials: ClientCredentials,
    context: RequestContext,
  ): Promise<TokenResponse> {
    const refreshToken = required(request, 'refresh_token');
    const client = await this.clients.authenticate(credentials);
    // Loaded once: the checks below and the rotation share this read.
    const presented = await this.sessions.findByRefreshToken(refreshToken);
    const {session} = presented;
    if (client && client.id !== session.applicationId) {
      throw new OAuthError(
        'invalid_grant',
        'The refresh token was issued to another client.',
      );
    }
    // A confidential client's refresh token alone is not enough.
    if (!client && !(await this.clients.isPublic(session.applicationId))) {
      throw new OAuthError(
        'invalid_client',
        'This refresh token needs client authentication.',
      );
    }
    return this.sessions.rotate(presented, {
      clientId: client?.id,
      ip: context.ip,
      userAgent: context.userAgent,
    });
  }

  private async exchangeCode(
    request: TokenRequest,
    credentials: ClientCredentials,
  ): Promise<CodeTokenResponse> {
    const code = required(request, 'code');
    const redirectUri = required(request, 'redirect_uri');
    const codeVerifier = required(request, 'code_verifier');
    const client = await this.clients.require(credentials);
    const tokens = await this.codes.exchange({
      code,
      redirectUri,
      codeVerifier,
      clientId: client.id,
    });
    // The owner signing in through their own application proves its
    // origins. The tokens are issued by now: a failure to record that costs
    // the proof (the next sign-in brings it), never the user's sign-in.
    await this.cors
      .recordSignIn(client, tokens.user_id)
      .catch(err =>
        this.logger.warn({err, clientId: client.id}, 'origin proof not saved'),
      );
    return tokens;
  }

  /** RFC 8693, served by the feature that bound TOKEN_EXCHANGE_GRANT. */
  private exchangeToken(
    request: TokenRequest,
    credentials: ClientCredentials,
    context: RequestContext,
  ): Promise<TokenExchangeResponse> {
    if (!this.exchanges) {
      throw new OAuthError(
        'unsupported_grant_type',
        'Token exchange is not served here.',
      );
    }
    return this.exchanges.exchange(request, credentials, context);
  }
}

function required(request: TokenRequest, name: keyof TokenRequest): string {
  const value = request[name];
  if (!value) {
    throw new OAuthError('invalid_request', `${name} is required.`);
  }
  return value;
}
