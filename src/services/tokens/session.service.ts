import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository, Where} from '@loopback/repository';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {Session} from '../../models';
import {SessionRepository} from '../../repositories';
import {AuditService} from '../platform/audit.service';
import {Clock} from '../platform/clock';
import {uuidv7} from '../platform/uuidv7';
import {RevocationService} from './revocation.service';
import {revokeMatching} from './session-revocation';
import {
  firstDigests,
  isCurrentRefreshToken,
  newRefreshToken,
  parseRefreshToken,
  rotateRefreshToken,
  wasRotatedAway,
} from './refresh-token';
import {invalidGrant} from './grant-handler';
import {isActiveSession, userAgentField} from './session-types';
import type {PresentedRefreshToken, RefreshContext} from './session-types';
import type {RevocationReason, SessionContext} from './session-types';
import {longerTokenTtl} from './token-audience';
import {passSecondFactorGate, SecondFactorGate} from './second-factor-gate';
import {tokenResponse, TokenResponse} from './token-response';
import {TokenService} from './token.service';

export * from './session-types';
export type {TokenResponse} from './token-response';

/**
 * Sessions are the token resource: one per sign-in on a device, holding the
 * digest of its current refresh token (`refresh-token.ts`), which rotates on
 * every use; a rotated one presented again was copied: the family is revoked.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.SESSION_SERVICE},
})
export class SessionService {
  constructor(
    @repository(SessionRepository) private sessions: SessionRepository,
    @inject(TokenBindings.TOKEN_SERVICE) private tokens: TokenService,
    @inject(TokenBindings.REVOCATION_SERVICE)
    private revocations: RevocationService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(TokenBindings.SECOND_FACTOR_GATE, {optional: true})
    private gate?: SecondFactorGate,
  ) {}

  /**
   * Opens a session for a user who just proved who they are; the gate
   * refuses a first factor alone where a second is needed (MFA_REQUIRED).
   */
  async start(userId: string, context: SessionContext): Promise<TokenResponse> {
    const amr = await passSecondFactorGate(this.gate, userId, context);
    await this.tokens.assertCanSign();
    const now = this.clock.now();
    // The refresh token embeds the session id, so the id is made here and
    // the session written once; time-ordered, as SessionRepository's own.
    const id = uuidv7();
    const refreshToken = newRefreshToken(id);
    const session = await this.sessions.create({
      id,
      userId,
      applicationId: context.applicationId,
      authMethod: context.authMethod,
      ip: context.ip,
      ...userAgentField(context.userAgent),
      ...firstDigests(refreshToken),
      familyId: id,
      lastUsedAt: new Date(now),
      expiresAt: this.expiry(now),
      authTime: context.authTime ?? new Date(now),
      amr,
      ...context.oidc,
      ...longerTokenTtl(this.config, context.audience),
    });
    return tokenResponse(this.tokens, session, refreshToken, context.audience);
  }

  /** `grant_type=refresh_token`; `invalid_grant` for an unknown, expired, revoked or reused token. */
  async refresh(
    refreshToken: string,
    context: RefreshContext = {},
  ): Promise<TokenResponse> {
    return this.rotate(await this.findByRefreshToken(refreshToken), context);
  }

  /**
   * `refresh` for a token `findByRefreshToken` has just loaded, so a grant
   * that looked at the session first reads it once. The update is
   * conditional on the presented token still being current: of two
   * concurrent uses, the second is reuse and revokes the family.
   */
  async rotate(
    presented: PresentedRefreshToken,
    context: RefreshContext = {},
  ): Promise<TokenResponse> {
    const {session, token} = presented;
    if (!isCurrentRefreshToken(token, session)) {
      if (wasRotatedAway(token, session))
        await this.refuseReuse(session, context);
      throw invalidGrant('The refresh token is invalid.');
    }
    if (context.clientId && context.clientId !== session.applicationId) {
      throw invalidGrant('The refresh token was issued to another client.');
    }
    await this.tokens.assertCanSign();
    const now = this.clock.now();
    const rotation = rotateRefreshToken(session, token);
    const {count} = await this.sessions.updateAll(
      {
        ...rotation.digests,
        lastUsedAt: new Date(now),
        expiresAt: this.expiry(now),
        ...(context.ip ? {ip: context.ip} : {}),
        ...userAgentField(context.userAgent),
        ...longerTokenTtl(this.config, context.audience, session.tokenTtl),
        ...context.reauthenticated,
      },
      rotation.where,
    );
    // Another request rotated this very token first: it was used twice.
    if (count !== 1) await this.refuseReuse(session, context);
    return tokenResponse(
      this.tokens,
      {...session, ...context.reauthenticated},
      rotation.token,
      context.audience,
    );
  }

  /** The live session a refresh token names, or `invalid_grant` (the secret is `rotate`'s to check). */
  async findByRefreshToken(
    refreshToken: string,
  ): Promise<PresentedRefreshToken> {
    const token = parseRefreshToken(refreshToken);
    const session = token
      ? await this.sessions.findOne({where: {id: token.sessionId}})
      : null;
    if (!token || !session) throw invalidGrant('The refresh token is invalid.');
    if (session.revokedAt) throw invalidGrant('The session has been revoked.');
    if (new Date(session.expiresAt).getTime() <= this.clock.now()) {
      throw invalidGrant('The refresh token has expired.');
    }
    return {token, session};
  }

  /** The user's sessions that are neither revoked nor expired, newest first. */
  async listActive(userId: string): Promise<Session[]> {
    const sessions = await this.sessions.find({
      where: {userId},
      order: ['lastUsedAt DESC'],
    });
    return sessions.filter(s => isActiveSession(s, this.clock.now()));
  }

  /** One of the user's active sessions; another user's → `SESSION_NOT_FOUND`. */
  async findActive(userId: string, sessionId: string): Promise<Session> {
    const session = await this.sessions.findOne({where: {id: sessionId}});
    if (
      !session ||
      session.userId !== userId ||
      !isActiveSession(session, this.clock.now())
    ) {
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
    return this.revokeWhere({userId}, reason, exceptSessionId);
  }

  /** Ends `userId`'s HTTP Basic auth tokens (a second factor now guards the account). */
  async revokeAuthTokens(userId: string): Promise<number> {
    const basicTokens = {userId, authMethod: 'basic'};
    return this.revokeWhere(basicTokens, 'second_factor_added');
  }

  /** Revokes every session of an application, e.g. when it is disabled. */
  async revokeAllForApplication(applicationId: string): Promise<number> {
    return this.revokeWhere({applicationId}, 'application_disabled');
  }

  /** Revokes the live sessions `where` selects but one (`revokeMatching`). */
  private async revokeWhere(
    where: Where<Session>,
    reason: RevocationReason,
    exceptSessionId?: string,
  ): Promise<number> {
    return revokeMatching(
      {sessions: this.sessions, revocations: this.revocations},
      {where, reason, exceptSessionId, at: new Date(this.clock.now())},
    );
  }

  /** A rotated refresh token came back: it was copied. */
  private async refuseReuse(
    session: Session,
    context: RefreshContext,
  ): Promise<never> {
    // A step-up presents no token: it lost a race with a refresh, no reuse.
    if (context.reauthenticated) throw new AppError('CONFLICT', 'Try again.');
    await this.revokeWhere({familyId: session.familyId}, 'refresh_token_reuse');
    await this.audit.record('refresh_token.reused', {
      userId: session.userId,
      applicationId: session.applicationId,
      context,
      details: {sessionId: session.id},
    });
    throw invalidGrant(
      'The refresh token was already used; the session has been revoked.',
    );
  }

  /** `revoke` for a session the caller has just read: no second read. */
  private async revokeLoaded(session: Session, reason: RevocationReason) {
    if (!session.revokedAt) {
      await this.sessions.updateById(session.id, {
        revokedAt: new Date(this.clock.now()),
        revocationReason: reason,
      });
    }
    await this.revocations.revokeSessions([session]);
  }

  private expiry(now: number): Date {
    return new Date(now + this.config.refreshTokenTtl * 1000);
  }
}
