import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {AppConfig} from '../../config';
import {AppError, OAuthError} from '../../errors';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {Session} from '../../models';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {AuthenticatedClient} from './client-authenticator.service';
import {isCurrentRefreshToken, parseRefreshToken} from './refresh-token';
import {PresentedRefreshToken, SessionService} from './session.service';
import {AccessTokenClaims, TokenService} from './token.service';

/** RFC 7662 §2.2 introspection response. */
export interface Introspection {
  active: boolean;
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
 * one (RFC 7009). A client only learns about, and only revokes, tokens
 * issued to itself; for anything else it learns nothing.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.ISSUED_TOKEN_SERVICE},
})
export class IssuedTokenService {
  constructor(
    @inject(TokenBindings.TOKEN_SERVICE) private tokens: TokenService,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
  ) {}

  /**
   * `{active: true, …claims}` for a live token issued to `client`;
   * `{active: false}` for anything invalid, expired, revoked or another's.
   */
  async introspect(
    token: string,
    client: AuthenticatedClient,
  ): Promise<Introspection> {
    const resolved = await this.resolve(token, client);
    if (!resolved) return INACTIVE;
    if (resolved.kind === 'access') {
      const {claims} = resolved;
      return {
        active: true,
        ...pick(claims, ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'sid']),
        client_id: claims.client_id,
        token_type: 'Bearer',
      };
    }
    const {session} = resolved;
    return {
      active: true,
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

  /**
   * Revokes the session of a refresh or access token issued to `client`.
   * Unknown, invalid and other clients' tokens are ignored (RFC 7009 §2.2:
   * the answer is the same). Returns whether a session was revoked.
   */
  async revoke(
    token: string,
    client: AuthenticatedClient,
    context: RequestContext = {},
  ): Promise<boolean> {
    const resolved = await this.resolve(token, client);
    if (!resolved) return false;
    const sessionId =
      resolved.kind === 'access' ? resolved.claims.sid : resolved.session.id;
    const userId =
      resolved.kind === 'access'
        ? resolved.claims.sub
        : resolved.session.userId;
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

  private async resolve(
    token: string,
    client: AuthenticatedClient,
  ): Promise<Resolved | undefined> {
    const resolved = parseRefreshToken(token)
      ? await this.resolveRefreshToken(token)
      : await this.resolveAccessToken(token);
    if (!resolved) return undefined;
    const owner =
      resolved.kind === 'access'
        ? resolved.claims.client_id
        : resolved.session.applicationId;
    return owner === client.id ? resolved : undefined;
  }

  private async resolveAccessToken(
    token: string,
  ): Promise<Resolved | undefined> {
    try {
      return {
        kind: 'access',
        claims: await this.tokens.verifyAccessToken(token),
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
