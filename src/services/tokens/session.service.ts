import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {randomUUID} from 'node:crypto';
import {AppConfig} from '../../config';
import {AppError, OAuthError} from '../../errors';
import {IdentityBindings} from '../../keys';
import {Session} from '../../models';
import {SessionRepository} from '../../repositories';
import {AuditService} from '../platform/audit.service';
import {Clock} from '../platform/clock';
import {RevocationService} from './revocation.service';
import {
  constantTimeEqual,
  randomToken,
  sha256Digest,
} from '../platform/token-digest';
import {TokenService} from './token.service';

/** RFC 6749 §5.1 token response, plus the user's id. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  user_id: string;
}

export interface SessionContext {
  /** The client application (client id) the session belongs to. */
  applicationId: string;
  /** `password`, `basic`, or a provider's name. */
  authMethod: string;
  ip?: string;
  userAgent?: string;
  /** What the authorization endpoint adds: see Session's properties. */
  oidc?: Pick<Session, 'authTime' | 'amr' | 'browserSessionId' | 'scope'>;
}

export type RevocationReason =
  | 'logout'
  | 'user'
  | 'password_changed'
  | 'password_reset'
  | 'refresh_token_reuse'
  | 'authorization_code_reuse'
  | 'account_disabled'
  | 'account_deleted'
  | 'application_disabled';

/** Rotated refresh tokens remembered per session, to recognise a replay. */
const ROTATED_KEPT = 20;

/**
 * Sessions are the token resource: one per sign-in on a device, holding the
 * digest of its current refresh token. Refresh tokens are `<sessionId>.<secret>`
 * and rotate on every use; presenting a rotated one again means it was
 * copied, and the whole family is revoked.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: IdentityBindings.SESSION_SERVICE},
})
export class SessionService {
  constructor(
    @repository(SessionRepository) private sessions: SessionRepository,
    @inject(IdentityBindings.TOKEN_SERVICE) private tokens: TokenService,
    @inject(IdentityBindings.REVOCATION_SERVICE)
    private revocations: RevocationService,
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(IdentityBindings.CLOCK) private clock: Clock,
    @inject(IdentityBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /** Opens a session for a user who just proved who they are. */
  async start(userId: string, context: SessionContext): Promise<TokenResponse> {
    const now = this.clock.now();
    // The refresh token embeds the session id, so the id is made here and
    // the session written once.
    const id = randomUUID();
    const refreshToken = this.newRefreshToken(id);
    const session = await this.sessions.create({
      id,
      userId,
      applicationId: context.applicationId,
      authMethod: context.authMethod,
      ip: context.ip,
      userAgent: truncate(context.userAgent),
      refreshTokenHash: sha256Digest(refreshToken),
      familyId: id,
      rotatedTokenHashes: [],
      lastUsedAt: new Date(now),
      expiresAt: this.expiry(now),
      ...context.oidc,
    });
    return this.respond(session, refreshToken);
  }

  /**
   * `grant_type=refresh_token`: a new access token and a new refresh token.
   * Throws OAuthError `invalid_grant` for an unknown, expired, revoked or
   * reused token; a reused one also revokes its session.
   */
  async refresh(
    refreshToken: string,
    context: {clientId?: string; ip?: string; userAgent?: string} = {},
  ): Promise<TokenResponse> {
    const session = await this.findByRefreshToken(refreshToken);
    const digest = sha256Digest(refreshToken);
    if (!constantTimeEqual(digest, session.refreshTokenHash)) {
      if ((session.rotatedTokenHashes ?? []).includes(digest)) {
        await this.revokeForReuse(session, context);
        throw invalidGrant(
          'The refresh token was already used; the session has been revoked.',
        );
      }
      throw invalidGrant('The refresh token is invalid.');
    }
    if (context.clientId && context.clientId !== session.applicationId) {
      throw invalidGrant('The refresh token was issued to another client.');
    }
    const now = this.clock.now();
    const next = this.newRefreshToken(session.id);
    const {count} = await this.sessions.updateAll(
      {
        refreshTokenHash: sha256Digest(next),
        rotatedTokenHashes: [
          ...(session.rotatedTokenHashes ?? []),
          digest,
        ].slice(-ROTATED_KEPT),
        lastUsedAt: new Date(now),
        expiresAt: this.expiry(now),
        ...(context.ip ? {ip: context.ip} : {}),
        ...(context.userAgent ? {userAgent: truncate(context.userAgent)} : {}),
      },
      {id: session.id, refreshTokenHash: digest},
    );
    if (count !== 1) {
      // Another request rotated this very token first: it was used twice.
      await this.revokeForReuse(session, context);
      throw invalidGrant(
        'The refresh token was already used; the session has been revoked.',
      );
    }
    return this.respond(session, next);
  }

  /**
   * The live session a refresh token names, or OAuthError `invalid_grant`.
   * Does not check the token's secret; `refresh` does.
   */
  async findByRefreshToken(refreshToken: string): Promise<Session> {
    const sessionId = /^([0-9a-f-]{36})\.[\w-]{43}$/.exec(refreshToken)?.[1];
    const session = sessionId
      ? await this.sessions.findOne({where: {id: sessionId}})
      : null;
    if (!session) throw invalidGrant('The refresh token is invalid.');
    if (session.revokedAt) throw invalidGrant('The session has been revoked.');
    if (new Date(session.expiresAt).getTime() <= this.clock.now()) {
      throw invalidGrant('The refresh token has expired.');
    }
    return session;
  }

  /** The user's sessions that are neither revoked nor expired, newest first. */
  async listActive(userId: string): Promise<Session[]> {
    const sessions = await this.sessions.find({
      where: {userId},
      order: ['lastUsedAt DESC'],
    });
    return sessions.filter(s => this.isActive(s));
  }

  /** One of the user's active sessions; another user's → `SESSION_NOT_FOUND`. */
  async findActive(userId: string, sessionId: string): Promise<Session> {
    const session = await this.sessions.findOne({where: {id: sessionId}});
    if (!session || session.userId !== userId || !this.isActive(session)) {
      throw new AppError('SESSION_NOT_FOUND', 'No such session.');
    }
    return session;
  }

  /** Revokes one session: its refresh token and its access tokens stop working. */
  async revoke(sessionId: string, reason: RevocationReason): Promise<void> {
    const session = await this.sessions.findOne({where: {id: sessionId}});
    if (session) await this.revokeLoaded(session, reason);
  }

  /** Revokes every session of a user but `exceptSessionId`; returns how many. */
  async revokeAllForUser(
    userId: string,
    reason: RevocationReason,
    exceptSessionId?: string,
  ): Promise<number> {
    const active = await this.sessions.find({where: {userId}});
    const targets = active.filter(
      s => !s.revokedAt && s.id !== exceptSessionId,
    );
    for (const session of targets) await this.revokeLoaded(session, reason);
    return targets.length;
  }

  /** Revokes every session of an application, e.g. when it is disabled. */
  async revokeAllForApplication(applicationId: string): Promise<number> {
    const active = await this.sessions.find({where: {applicationId}});
    const targets = active.filter(s => !s.revokedAt);
    for (const session of targets) {
      await this.revokeLoaded(session, 'application_disabled');
    }
    return targets.length;
  }

  /** A rotated refresh token came back: it was copied. */
  private async revokeForReuse(
    session: Session,
    context: {ip?: string; userAgent?: string},
  ): Promise<void> {
    await this.revokeFamily(session.familyId, 'refresh_token_reuse');
    await this.audit.record('refresh_token.reused', {
      userId: session.userId,
      applicationId: session.applicationId,
      context,
      details: {sessionId: session.id},
    });
  }

  private async revokeFamily(
    familyId: string,
    reason: RevocationReason,
  ): Promise<void> {
    const family = await this.sessions.find({where: {familyId}});
    for (const session of family) await this.revokeLoaded(session, reason);
  }

  /** `revoke` for a session the caller has just read: no second read. */
  private async revokeLoaded(
    session: Session,
    reason: RevocationReason,
  ): Promise<void> {
    if (!session.revokedAt) {
      await this.sessions.updateById(session.id, {
        revokedAt: new Date(this.clock.now()),
        revocationReason: reason,
      });
    }
    await this.revocations.revokeSession(session.id);
  }

  private async respond(
    session: Session,
    refreshToken: string,
  ): Promise<TokenResponse> {
    const {accessToken, expiresIn} = await this.tokens.issueAccessToken({
      userId: session.userId,
      sessionId: session.id,
      applicationId: session.applicationId,
    });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: expiresIn,
      refresh_token: refreshToken,
      user_id: session.userId,
    };
  }

  private newRefreshToken(sessionId: string): string {
    return `${sessionId}.${randomToken(32)}`;
  }

  private expiry(now: number): Date {
    return new Date(now + this.config.refreshTokenTtl * 1000);
  }

  private isActive(session: Session): boolean {
    return (
      !session.revokedAt &&
      new Date(session.expiresAt).getTime() > this.clock.now()
    );
  }
}

function invalidGrant(description: string): OAuthError {
  return new OAuthError('invalid_grant', description);
}

function truncate(value: string | undefined): string | undefined {
  return value?.slice(0, 512);
}
