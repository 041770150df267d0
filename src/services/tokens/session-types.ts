import type {Session} from '../../models';
import type {RefreshToken} from './refresh-token';

// What SessionService takes and gives; session.service.ts re-exports them.

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

/** Who asks for a refresh, and from where. */
export interface RefreshContext {
  /** The authenticated client, when the request named one. */
  clientId?: string;
  ip?: string;
  userAgent?: string;
}

/** A refresh token as presented, with the live session it names. */
export interface PresentedRefreshToken {
  token: RefreshToken;
  session: Session;
}
