import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../../config';
import {AppError, OAuthError} from '../../errors';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {Session} from '../../models';
import {ResourceRepository} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {AuthenticatedClient} from './client-authenticator.service';
import {ClientRefusal, ClientRuleService} from './client-rule.service';
import {isCurrentRefreshToken, parseRefreshToken} from './refresh-token';
import {PresentedRefreshToken, SessionService} from './session.service';
import {AccessTokenClaims, TokenService} from './token.service';

/** RFC 7662 §2.2 introspection response. */
export interface Introspection {
  active: boolean;
  scope?: string;
  sub?: string;
  aud?: string;
  client_id?: string;
  exp?: number;
  iat?: number;
  iss?: string;
  jti?: string;
  sid?: string;
  /** `Bearer` for access tokens, `refresh_token` for refresh tokens. */
  token_type?: 'Bearer' | 'refresh_token';
}

type Resolved =
  | {kind: 'access'; claims: AccessTokenClaims}
  | {kind: 'refresh'; session: Session};

const INACTIVE: Introspection = {active: false};

/**
 * What this service knows about a token it issued (RFC 7662), and revoking
 * one (RFC 7009). Introspection answers a resource server about the tokens
 * meant for it (whose `aud` it is); revocation is for the client the token
 * was issued to. Neither tells anything about an invalid token.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.ISSUED_TOKEN_SERVICE},
})
export class IssuedTokenService {
  constructor(
    @inject(TokenBindings.TOKEN_SERVICE) private tokens: TokenService,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(TokenBindings.CLIENT_RULE) private rule: ClientRuleService,
    @repository(ResourceRepository) private resources: ResourceRepository,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
  ) {}

  /**
   * `{active: true, …claims}` for a live token meant for `client`: an
   * access token whose `aud` is its client id or a Resource it serves
   * (`Resource.applicationId`), or its own refresh token. `{active: false}`
   * for anything invalid, expired, revoked or meant for another.
   */
  async introspect(
    token: string,
    client: AuthenticatedClient,
  ): Promise<Introspection> {
    const resolved = await this.resolve(token);
    if (!resolved) return INACTIVE;
    if (resolved.kind === 'refresh') {
      const {session} = resolved;
      if (session.applicationId !== client.id) return INACTIVE;
      return {
        active: true,
        ...(session.scope ? {scope: session.scope} : {}),
        sub: session.userId,
        aud: session.applicationId,
        client_id: session.applicationId,
        // The current refresh token was issued at the last rotation.
        iat: seconds(session.lastUsedAt),
        exp: seconds(session.expiresAt),
        iss: this.config.baseUrl,
        sid: session.id,
        token_type: 'refresh_token',
      };
    }
    const {claims} = resolved;
    if (!(await this.isLive(claims)) || !(await this.serves(client, claims))) {
      return INACTIVE;
    }
    const keys = ['scope', 'sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'sid'];
    return {
      active: true,
      ...pick(claims, keys as (keyof AccessTokenClaims)[]),
      client_id: claims.client_id,
      token_type: 'Bearer',
    };
  }

  /**
   * Revokes the session of a refresh or access token issued to `client`.
   * Unknown, invalid, expired and revoked tokens are ignored (RFC 7009
   * §2.2: the answer is the same). A live token issued to another client
   * is OAuthError `unauthorized_client` (§2.1: the request is refused); an
   * application's own token (client credentials), which has no session, is
   * `unsupported_token_type`. Returns whether a session was revoked.
   */
  async revoke(
    token: string,
    client: AuthenticatedClient,
    context: RequestContext = {},
  ): Promise<boolean> {
    const resolved = await this.resolve(token);
    if (!resolved) return false;
    const [owner, sessionId, userId] =
      resolved.kind === 'access'
        ? [resolved.claims.client_id, resolved.claims.sid, resolved.claims.sub]
        : [
            resolved.session.applicationId,
            resolved.session.id,
            resolved.session.userId,
          ];
    if (owner !== client.id) {
      throw new OAuthError(
        'unauthorized_client',
        'This token was issued to another client.',
      );
    }
    if (!sessionId) {
      throw new OAuthError(
        'unsupported_token_type',
        'An application’s own access token (client credentials) is not revocable: it expires on its own.',
      );
    }
    await this.sessions.revoke(sessionId, 'logout');
    await this.audit.record('logout', {
      userId,
      applicationId: client.id,
      context,
      details: {
        sessionId,
        via: 'revocation_endpoint',
        tokenType: resolved.kind,
      },
    });
    return true;
  }

  /** An application's own token lives only while the application may be served. */
  private async isLive(claims: AccessTokenClaims): Promise<boolean> {
    if (claims.sid) return true;
    return !(
      (await this.rule.lookup(claims.client_id)) instanceof ClientRefusal
    );
  }

  /** Whether the token is meant for `client`: its own, or an API it serves. */
  private async serves(
    client: AuthenticatedClient,
    claims: AccessTokenClaims,
  ): Promise<boolean> {
    if (claims.aud === client.id) return true;
    const {count} = await this.resources.count({
      identifier: claims.aud,
      applicationId: client.id,
    });
    return count > 0;
  }

  private async resolve(token: string): Promise<Resolved | undefined> {
    return parseRefreshToken(token)
      ? this.resolveRefreshToken(token)
      : this.resolveAccessToken(token);
  }

  private async resolveAccessToken(
    token: string,
  ): Promise<Resolved | undefined> {
    try {
      return {
        kind: 'access',
        claims: await this.tokens.verifyIssuedToken(token),
      };
    } catch (err) {
      if (err instanceof AppError) return undefined;
      throw err;
    }
  }

  private async resolveRefreshToken(
    token: string,
  ): Promise<Resolved | undefined> {
    let presented: PresentedRefreshToken;
    try {
      presented = await this.sessions.findByRefreshToken(token);
    } catch (err) {
      if (err instanceof OAuthError) return undefined;
      throw err;
    }
    const {session} = presented;
    // A rotated-away refresh token is no longer the session's token.
    return isCurrentRefreshToken(presented.token, session)
      ? {kind: 'refresh', session}
      : undefined;
  }
}

function pick<T extends object, K extends keyof T>(
  value: T,
  keys: K[],
): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const key of keys) out[key] = value[key];
  return out;
}

function seconds(date: Date | string): number {
  return Math.floor(new Date(date).getTime() / 1000);
}
