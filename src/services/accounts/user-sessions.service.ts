import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {AccountBindings} from './keys';
import {PlatformBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {Session} from '../../models';
import {CurrentUser} from '../../strategies/current-user';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {SessionService} from '../tokens/session.service';
import {acrOf, amrOf} from '../tokens/authentication-methods';

/** A session as its owner sees it: never a hash. */
export interface SessionView {
  id: string;
  applicationId: string;
  authMethod: string;
  /** RFC 8176 methods of its sign-in (or of its latest step-up). */
  amr: string[];
  /** The authentication context class they amount to. */
  acr: string;
  /** When its person last proved who they are. */
  authTime: string;
  ip?: string;
  userAgent?: string;
  created: string;
  lastUsedAt: string;
  expiresAt: string;
  /** True for the session of the access token making the request. */
  current: boolean;
}

/**
 * A signed-in user's own sessions: list them, sign out of one, of all, or of
 * the current one. Another user's session is answered as if it did not
 * exist (`SESSION_NOT_FOUND`), so ids cannot be probed.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: AccountBindings.USER_SESSIONS_SERVICE},
})
export class UserSessionsService {
  constructor(
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /** The caller's active sessions, most recently used first. */
  async list(user: CurrentUser): Promise<SessionView[]> {
    const sessions = await this.sessions.listActive(user.id);
    return sessions.map(s => view(s, user));
  }

  /** One of the caller's active sessions, or `SESSION_NOT_FOUND`. */
  async get(user: CurrentUser, sessionId: string): Promise<SessionView> {
    return view(await this.sessions.findActive(user.id, sessionId), user);
  }

  /** Revokes one of the caller's sessions, or throws `SESSION_NOT_FOUND`. */
  async revoke(
    user: CurrentUser,
    sessionId: string,
    context: RequestContext,
  ): Promise<void> {
    const session = await this.sessions.findActive(user.id, sessionId);
    await this.sessions.revoke(session.id, 'user');
    await this.recordRevoked(user, [session.id], context);
  }

  /**
   * Revokes all the caller's sessions ("sign out everywhere"), or all but
   * the current one with `keepCurrent`. Returns how many were revoked.
   */
  async revokeAll(
    user: CurrentUser,
    options: {keepCurrent?: boolean},
    context: RequestContext,
  ): Promise<number> {
    const targets = (await this.sessions.listActive(user.id)).filter(
      s => !(options.keepCurrent && s.id === user.sessionId),
    );
    for (const session of targets) {
      await this.sessions.revoke(session.id, 'user');
    }
    if (targets.length) {
      await this.recordRevoked(
        user,
        targets.map(s => s.id),
        context,
      );
    }
    return targets.length;
  }

  /**
   * Signs out of the session of the bearer token making the request. A
   * Basic-authenticated request has no session: nothing to revoke.
   * Returns whether a session was revoked.
   */
  async logout(user: CurrentUser, context: RequestContext): Promise<boolean> {
    if (!user.sessionId) return false;
    await this.sessions.revoke(user.sessionId, 'logout');
    await this.audit.record('logout', {
      userId: user.id,
      applicationId: user.applicationId,
      context,
      details: {sessionId: user.sessionId},
    });
    return true;
  }

  private async recordRevoked(
    user: CurrentUser,
    sessionIds: string[],
    context: RequestContext,
  ): Promise<void> {
    await this.audit.record('session.revoked', {
      userId: user.id,
      applicationId: user.applicationId,
      context,
      details: {sessionIds, reason: 'user'},
    });
  }
}

function view(session: Session, user: CurrentUser): SessionView {
  // Sessions written before amr and authTime were recorded: their first
  // factor, when they began.
  const amr = session.amr ?? amrOf(session.authMethod);
  return {
    id: session.id,
    applicationId: session.applicationId,
    authMethod: session.authMethod,
    amr,
    acr: acrOf(amr),
    authTime: iso(session.authTime ?? session.created),
    ...(session.ip ? {ip: session.ip} : {}),
    ...(session.userAgent ? {userAgent: session.userAgent} : {}),
    created: iso(session.created),
    lastUsedAt: iso(session.lastUsedAt),
    expiresAt: iso(session.expiresAt),
    current: session.id === user.sessionId,
  };
}

function iso(date: Date | string): string {
  return new Date(date).toISOString();
}
