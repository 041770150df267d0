import type {Session} from '../../models';
import type {RefreshToken} from './refresh-token';
import type {TokenAudience} from './token-audience';

// What SessionService takes and gives (session.service.ts re-exports it),
// and two rules about its rows.

export interface SessionContext {
  /** The client application (client id) the session belongs to. */
  applicationId: string;
  /** `password`, `basic`, or a provider's name. */
  authMethod: string;
  /**
   * RFC 8176 methods of the sign-in, when more is known than authMethod
   * tells (a second factor, a passkey); `amrOf(authMethod)` without.
   */
  amr?: string[];
  /** When the person authenticated; now without. */
  authTime?: Date;
  ip?: string;
  userAgent?: string;
  /** What the authorization endpoint adds: see Session's properties. */
  oidc?: Pick<
    Session,
    'authTime' | 'amr' | 'browserSessionId' | 'scope' | 'resources'
  >;
  /** The first access token's audience (RFC 8707); the client's without. */
  audience?: TokenAudience;
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
  | 'application_disabled'
  | 'second_factor_added';

/** Who asks for a refresh, and from where. */
export interface RefreshContext {
  /** The authenticated client, when the request named one. */
  clientId?: string;
  /** The new access token's audience and scope; the client's without. */
  audience?: TokenAudience;
  ip?: string;
  userAgent?: string;
  /**
   * A step-up (RFC 9470): the person has just proved who they are again,
   * so the session records how and when, and its tokens say so.
   */
  reauthenticated?: {amr: string[]; authTime: Date};
}

/**
 * A refresh token as presented, with the live session it names. A step-up
 * presents the session's current digest: its bearer token proved the session.
 */
export interface PresentedRefreshToken {
  token: Pick<RefreshToken, 'digest'>;
  session: Session;
}

/** Whether a session is neither revoked nor expired at `now` (ms). */
export function isActiveSession(
  session: Pick<Session, 'revokedAt' | 'expiresAt'>,
  now: number,
): boolean {
  return !session.revokedAt && new Date(session.expiresAt).getTime() > now;
}

/** The `userAgent` of a session row, bounded; nothing without one. */
export function userAgentField(value: string | undefined): {
  userAgent?: string;
} {
  return value ? {userAgent: value.slice(0, 512)} : {};
}
