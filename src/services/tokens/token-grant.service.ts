import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {OAuthError} from '../../errors';
import {Session, TOKEN_EXCHANGE_GRANT} from '../../models';
import {PlatformBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {RequestContext} from '../../strategies/request-context';
import {AuthorizationCodeService} from './authorization-code.service';
import {
  AuthenticatedClient,
  ClientAuthenticator,
  ClientCredentials,
} from './client-authenticator.service';
import {CorsPolicyService} from '../platform/cors-policy.service';
import {Logger} from '../platform/logger';
import {MetricsService} from '../platform/metrics.service';
import {CodeTokenResponse} from './code-response';
import {
  GrantHandler,
  GrantResponse,
  invalidGrant,
  requiredParameter,
  requireGrantType,
  resourceParameters,
  TokenRequest,
} from './grant-handler';
import {SessionService, TokenResponse} from './session.service';
import {AudienceRule, clientAudience, TokenAudience} from './token-audience';
import type {TokenExchangeGrant} from './token-exchange';

export type {TokenRequest} from './grant-handler';

/** The grants `POST /auth/token` answers, as discovery lists them. */
export const GRANT_TYPES = [
  'refresh_token',
  'authorization_code',
  'client_credentials',
  TOKEN_EXCHANGE_GRANT,
] as const;

/**
 * The token endpoint's decisions: which grant, which client, and whether
 * that client may use the grant it presents (its registered `grantTypes`).
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.TOKEN_GRANT_SERVICE},
})
export class TokenGrantService {
  /** One entry per grant type; a grant defined above `tokens` comes by its key. */
  private readonly grants: ReadonlyMap<string, GrantHandler>;

  constructor(
    @inject(TokenBindings.CLIENT_AUTHENTICATOR)
    private clients: ClientAuthenticator,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(TokenBindings.AUTHORIZATION_CODE_SERVICE)
    private codes: AuthorizationCodeService,
    @inject(PlatformBindings.CORS_POLICY_SERVICE)
    private cors: CorsPolicyService,
    @inject(PlatformBindings.LOGGER) private logger: Logger,
    @inject(TokenBindings.AUDIENCE_RULE, {optional: true})
    private audiences?: AudienceRule,
    @inject(TokenBindings.CLIENT_CREDENTIALS_GRANT, {optional: true})
    clientCredentials?: GrantHandler,
    @inject(TokenBindings.TOKEN_EXCHANGE_GRANT, {optional: true})
    exchanges?: TokenExchangeGrant,
    @inject(PlatformBindings.METRICS, {optional: true})
    private metrics?: MetricsService,
  ) {
    const table: [string, GrantHandler | undefined][] = [
      ['refresh_token', {grant: (r, c, x) => this.refresh(r, c, x)}],
      ['authorization_code', {grant: (r, c) => this.exchangeCode(r, c)}],
      ['client_credentials', clientCredentials],
      // RFC 8693, served by the feature that bound TOKEN_EXCHANGE_GRANT.
      [
        TOKEN_EXCHANGE_GRANT,
        exchanges && {grant: (r, c, x) => exchanges.exchange(r, c, x)},
      ],
    ];
    this.grants = new Map(
      table.filter((entry): entry is [string, GrantHandler] => !!entry[1]),
    );
  }

  /**
   * A token response for a grant, or OAuthError: `invalid_request` for a
   * missing parameter, `unsupported_grant_type`, `invalid_client`,
   * `unauthorized_client` (a grant the client is not registered for),
   * `invalid_grant`, `invalid_scope`, `invalid_target`; and those of
   * TokenExchangeGrant.
   */
  async grant(
    request: TokenRequest,
    credentials: ClientCredentials,
    context: RequestContext = {},
  ): Promise<GrantResponse> {
    // A Map: `grant_type=constructor` finds nothing, not a prototype's member.
    const handler = this.grants.get(request.grant_type);
    try {
      if (!handler) {
        throw new OAuthError(
          'unsupported_grant_type',
          `grant_type must be one of: ${[...this.grants.keys()].join(', ')}.`,
        );
      }
      const response = await handler.grant(request, credentials, context);
      this.metrics?.tokenIssued(request.grant_type);
      return response;
    } catch (err) {
      const reason = err instanceof OAuthError ? err.error : 'error';
      this.metrics?.tokenRefused(reason);
      throw err;
    }
  }

  private async refresh(
    request: TokenRequest,
    credentials: ClientCredentials,
    context: RequestContext,
  ): Promise<TokenResponse> {
    const refreshToken = requiredParameter(request, 'refresh_token');
    const authenticated = await this.clients.authenticate(credentials);
    // Loaded once: the checks below and the rotation share this read.
    const presented = await this.sessions.findByRefreshToken(refreshToken);
    const {session} = presented;
    if (authenticated && authenticated.id !== session.applicationId) {
      throw invalidGrant('The refresh token was issued to another client.');
    }
    // A confidential client's refresh token alone is not enough.
    const client =
      authenticated ?? (await this.clients.publicClient(session.applicationId));
    if (!client) {
      throw new OAuthError(
        'invalid_client',
        'This refresh token needs client authentication.',
      );
    }
    requireGrantType(client, 'refresh_token');
    return this.sessions.rotate(presented, {
      clientId: authenticated?.id,
      ip: context.ip,
      userAgent: context.userAgent,
      audience: await this.refreshAudience(client, session, request),
    });
  }

  /**
   * RFC 6749 §6: a `scope` may narrow the session's grant, never widen it
   * (`invalid_scope`); the session keeps its grant. RFC 8707: `resource`
   * picks one of the resources the authorization named.
   */
  private async refreshAudience(
    client: AuthenticatedClient,
    session: Session,
    request: TokenRequest,
  ): Promise<TokenAudience> {
    const question = {
      client,
      scope: narrowedScope(session, request.scope),
      authorized: session.resources ?? [],
      requested: resourceParameters(request),
    };
    return this.audiences
      ? this.audiences.forUser(question)
      : clientAudience(question);
  }

  private async exchangeCode(
    request: TokenRequest,
    credentials: ClientCredentials,
  ): Promise<CodeTokenResponse> {
    const code = requiredParameter(request, 'code');
    const redirectUri = requiredParameter(request, 'redirect_uri');
    const codeVerifier = requiredParameter(request, 'code_verifier');
    const client = await this.clients.require(credentials);
    requireGrantType(client, 'authorization_code');
    const tokens = await this.codes.exchange({
      code,
      redirectUri,
      codeVerifier,
      clientId: client.id,
      client,
      resource: resourceParameters(request),
    });
    // The owner signing in through their own application proves its
    // origins. The tokens are issued by now: a failure to record that costs
    // the proof (the next sign-in brings it), never the user's sign-in.
    await this.cors
      .recordSignIn(client, tokens.user_id)
      .catch(err =>
        this.logger.warn({err, clientId: client.id}, 'origin proof not saved'),
      );
    // A client not registered for refresh_token could not use one.
    if (client.grantTypes.includes('refresh_token')) return tokens;
    const response = {...tokens};
    delete response.refresh_token;
    return response;
  }
}

/** The session's granted scope, or the part of it `scope` asks for. */
function narrowedScope(session: Session, scope: string | undefined): string[] {
  const granted = (session.scope ?? '').split(' ').filter(Boolean);
  // Omitted, it is the scope originally granted (RFC 6749 §6).
  if (!scope) return granted;
  const requested = [...new Set(scope.split(' ').filter(Boolean))];
  const extra = requested.find(s => !granted.includes(s));
  if (extra !== undefined) {
    throw new OAuthError(
      'invalid_scope',
      `The scope ${JSON.stringify(extra.slice(0, 80))} was not granted to this session.`,
    );
  }
  return requested;
}
