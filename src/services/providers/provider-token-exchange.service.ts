import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {ProviderEntry} from '../../config/provider-entry';
import {AppError, OAuthError, temporarilyUnavailable} from '../../errors';
import {TOKEN_EXCHANGE_GRANT, UserCredential} from '../../models';
import {UserCredentialRepository} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {Clock} from '../platform/clock';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {Logger} from '../platform/logger';
import {
  AuthenticatedClient,
  ClientAuthenticator,
  ClientCredentials,
} from '../tokens/client-authenticator.service';
import {TokenBindings} from '../tokens/keys';
import {
  ACCESS_TOKEN_TYPE,
  TokenExchangeGrant,
  TokenExchangeParams,
  TokenExchangeResponse,
  tokenExchangeRequest,
} from '../tokens/token-exchange';
import {AccessTokenClaims, TokenService} from '../tokens/token.service';
import {ProviderBindings} from './keys';
import {
  ProviderTokenService,
  UsableProviderToken,
} from './provider-token.service';

/** Who asked, for whom, and what for: what each audit record names. */
interface Exchange {
  client: AuthenticatedClient;
  context: RequestContext;
  userId?: string;
  audience?: string;
}

/**
 * RFC 8693 token exchange for a linked account's provider token (DESIGN
 * §8): a confidential application an admin allowed to
 * (`urn:ietf:params:oauth:grant-type:token-exchange` in its grantTypes)
 * trades its user's access token for the access token of the
 * providers.json entry named by `audience`, refreshed first when expired.
 * Only ever the access token: never the provider's refresh or ID token,
 * and only the subject token's own user's. Bound under
 * TokenBindings.TOKEN_EXCHANGE_GRANT, which `/auth/token` dispatches to.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.PROVIDER_TOKEN_EXCHANGE_SERVICE},
})
export class ProviderTokenExchangeService implements TokenExchangeGrant {
  constructor(
    @inject(SharedBindings.PROVIDERS)
    private providers: readonly ProviderEntry[],
    @inject(TokenBindings.CLIENT_AUTHENTICATOR)
    private clients: ClientAuthenticator,
    @inject(TokenBindings.TOKEN_SERVICE) private tokens: TokenService,
    @repository(UserCredentialRepository)
    private credentials: UserCredentialRepository,
    @inject(ProviderBindings.PROVIDER_TOKEN_SERVICE)
    private providerTokens: ProviderTokenService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(PlatformBindings.LOGGER) private logger: Logger,
  ) {}

  /**
   * The provider access token of the subject token's user for the entry
   * named by `audience`. Throws OAuthError `invalid_request` (parameters,
   * or a subject token that is invalid, expired, revoked or another
   * client's: RFC 8693 §2.2.2), `invalid_client`, `unauthorized_client`
   * (a public client, or one not allowed the grant), `invalid_target` (no
   * such entry, an OAuth 1.0a entry, no linked account for it, or its token
   * expired and the provider would not refresh it), `temporarily_unavailable`
   * (a refresh of the same token still running elsewhere).
   */
  async exchange(
    params: TokenExchangeParams,
    credentials: ClientCredentials,
    context: RequestContext,
  ): Promise<TokenExchangeResponse> {
    const request = tokenExchangeRequest(params);
    const client = await this.clients.require(credentials);
    const asked: Exchange = {client, context, audience: request.audience};
    await this.checkAllowed(asked);
    const subject = await this.subject(request.subjectToken, asked);
    asked.userId = subject.sub;
    const entry = await this.entry(asked);
    const credential = await this.linkedCredential(subject.sub, entry, asked);
    const token = await this.usableToken(credential, asked);
    await this.audit.record('token.exchanged', {
      userId: subject.sub,
      applicationId: client.id,
      context,
      details: {entry: entry.name, credentialId: credential.id},
    });
    return this.response(token);
  }

  private async checkAllowed(asked: Exchange): Promise<void> {
    const {client} = asked;
    // A public client proves nothing by its client id: never, whatever
    // its grants say.
    if (client.type !== 'confidential') {
      throw await this.refuse(asked, 'unauthorized_client', 'public_client');
    }
    if (!client.grantTypes.includes(TOKEN_EXCHANGE_GRANT)) {
      throw await this.refuse(asked, 'unauthorized_client', 'not_allowed');
    }
  }

  private async subject(
    subjectToken: string,
    asked: Exchange,
  ): Promise<AccessTokenClaims> {
    let claims: AccessTokenClaims | undefined;
    try {
      claims = await this.tokens.verifyAccessToken(subjectToken);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'INVALID_TOKEN') throw err;
    }
    // One answer for every reason: a client learns nothing of a token
    // that is not its own.
    if (claims?.client_id !== asked.client.id) {
      throw await this.refuse(asked, 'invalid_request', 'subject_token');
    }
    return claims;
  }

  private async entry(asked: Exchange): Promise<ProviderEntry> {
    const entry = this.providers.find(p => p.name === asked.audience);
    if (!entry) throw await this.refuse(asked, 'invalid_target', 'no_entry');
    // An OAuth 1.0a token is useless without the consumer secret, which
    // the application must not have.
    if (entry.authScheme === 'oauth1') {
      throw await this.refuse(asked, 'invalid_target', 'oauth1_entry');
    }
    return entry;
  }

  /** The user's credential of the entry's provider, the latest when several. */
  private async linkedCredential(
    userId: string,
    entry: ProviderEntry,
    asked: Exchange,
  ): Promise<UserCredential> {
    const credential = await this.credentials.findOne({
      where: {userId, provider: entry.provider},
      order: ['modified DESC'],
    });
    if (!credential) {
      throw await this.refuse(asked, 'invalid_target', 'not_linked');
    }
    return credential;
  }

  private async usableToken(
    credential: UserCredential,
    asked: Exchange,
  ): Promise<UsableProviderToken> {
    try {
      return await this.providerTokens.usableToken(
        credential.userId,
        credential.id,
      );
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.code === 'CONFLICT') throw temporarilyUnavailable(err);
      // Unlinked since it was read, or linked without an access token.
      if (err.code === 'NOT_FOUND') {
        throw await this.refuse(asked, 'invalid_target', 'not_linked');
      }
      if (err.code === 'PROVIDER_ERROR') {
        throw await this.refuse(asked, 'invalid_target', 'provider_token');
      }
      // Sealed under another APP_SECRET: the operator's to fix, the user's
      // to work around by linking again (which stores a readable token).
      if (err.code === 'DECRYPTION_FAILED') {
        this.logger.error(
          {credentialId: credential.id, provider: credential.provider},
          'token exchange: the stored provider tokens of a linked account cannot be opened (APP_SECRET changed?)',
        );
        throw await this.refuse(asked, 'invalid_target', 'unreadable_token');
      }
      throw err;
    }
  }

  private response(token: UsableProviderToken): TokenExchangeResponse {
    const expiresIn =
      token.expiresAt === undefined
        ? undefined
        : Math.floor((token.expiresAt - this.clock.now()) / 1000);
    // Some providers (Facebook, GitHub) separate scopes with commas.
    const scope = token.scope
      ?.split(/[\s,]+/)
      .filter(Boolean)
      .join(' ');
    return {
      access_token: token.accessToken,
      issued_token_type: ACCESS_TOKEN_TYPE,
      // The provider's API takes it as a bearer token (RFC 8693 §2.2.1).
      token_type: 'Bearer',
      ...(expiresIn !== undefined && expiresIn > 0
        ? {expires_in: expiresIn}
        : {}),
      ...(scope ? {scope} : {}),
    };
  }

  /** Records the refusal of a known client; the error to throw. */
  private async refuse(
    asked: Exchange,
    error: 'unauthorized_client' | 'invalid_request' | 'invalid_target',
    reason: keyof typeof REFUSALS,
  ): Promise<OAuthError> {
    await this.audit.record('token.exchange_refused', {
      userId: asked.userId,
      applicationId: asked.client.id,
      context: asked.context,
      details: {reason, ...(asked.audience ? {entry: asked.audience} : {})},
    });
    return new OAuthError(error, REFUSALS[reason]);
  }
}

/** What the client is told, per reason. */
const REFUSALS = {
  public_client: 'Public clients cannot use token exchange.',
  not_allowed:
    'This client is not allowed token exchange; an admin can allow it.',
  subject_token:
    'The subject_token is not a valid access token issued to this client.',
  no_entry: 'No provider entry is named by this audience.',
  oauth1_entry: 'OAuth 1.0a provider tokens cannot be exchanged.',
  not_linked: 'The user has no linked account with this provider.',
  provider_token:
    'The provider token expired and the provider would not refresh it: the user must link the account again.',
  unreadable_token:
    'The stored provider token cannot be read by the service: the user must link the account again.',
} as const;
