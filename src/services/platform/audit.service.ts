import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {PlatformBindings} from './keys';
import {AuditEventRepository} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {Logger} from './logger';
import {MetricsService, SignInMethod} from './metrics.service';

/** The closed set of audit event types; add one here before recording it. */
export type AuditEventType =
  | 'user.signed_up'
  // Made by npm run import-lb3 from a LoopBack 3 user (details.lb3Id).
  | 'user.imported'
  | 'login.succeeded'
  | 'login.failed'
  | 'logout'
  | 'session.revoked'
  | 'refresh_token.reused'
  | 'password.changed'
  // A provider-only account set its first password (POST /users/me/password).
  | 'password.set'
  | 'password.reset_requested'
  | 'password.reset'
  | 'email.verified'
  | 'email.change_requested'
  | 'email.changed'
  | 'user.updated'
  | 'user.deleted'
  | 'user.disabled'
  | 'user.enabled'
  | 'role.changed'
  | 'identity.linked'
  | 'identity.unlinked'
  | 'identity.link_refused'
  | 'application.registered'
  | 'application.updated'
  | 'application.deleted'
  | 'application.secret_rotated'
  | 'application.credentials_changed'
  | 'resource.created'
  | 'resource.updated'
  | 'resource.deleted'
  // OpenID Provider: a code issued at the authorization endpoint, and the
  // service's own browser sign-in opened from the page.
  | 'oidc.authorized'
  | 'oidc.browser_signed_in'
  // RFC 8693: a linked account's provider token handed to an application,
  // or refused to a known client.
  | 'token.exchanged'
  | 'token.exchange_refused'
  // Consent to a third-party application: allowed or denied on the consent
  // page, revoked by the user.
  | 'consent.granted'
  | 'consent.denied'
  | 'consent.revoked'
  // Second factors: a sign-in asked for one, passed or failed it; factors
  // added, confirmed, renamed and removed; recovery codes made and used;
  // a step-up (re-authentication) passed or failed.
  | 'mfa.required'
  | 'mfa.succeeded'
  | 'mfa.failed'
  | 'mfa.factor_added'
  | 'mfa.factor_confirmed'
  | 'mfa.factor_renamed'
  | 'mfa.factor_removed'
  | 'mfa.factor_unreadable'
  | 'mfa.recovery_codes_generated'
  | 'mfa.recovery_code_used'
  // A passkey's signature counter did not increase: a cloned authenticator.
  | 'mfa.passkey_cloned'
  | 'step_up.succeeded'
  | 'step_up.failed';

export interface AuditEntry {
  userId?: string;
  applicationId?: string;
  context?: RequestContext;
  /** Facts about the event; never a secret, token or password. */
  details?: Record<string, unknown>;
}

/**
 * The append-only record of security-relevant events. Recording never fails
 * the operation it describes: an audit write error is logged instead.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: PlatformBindings.AUDIT_SERVICE},
})
export class AuditService {
  constructor(
    @repository(AuditEventRepository) private events: AuditEventRepository,
    @inject(PlatformBindings.LOGGER) private logger: Logger,
    @inject(PlatformBindings.METRICS, {optional: true})
    private metrics?: MetricsService,
  ) {}

  /** Records one event. */
  async record(type: AuditEventType, entry: AuditEntry = {}): Promise<void> {
    const event = {
      type,
      userId: entry.userId,
      applicationId: entry.applicationId,
      ip: entry.context?.ip,
      details: {
        ...entry.details,
        ...(entry.context?.userAgent
          ? {userAgent: entry.context.userAgent}
          : {}),
      },
    };
    this.logger.info({audit: event}, `audit: ${type}`);
    this.countSignIn(type, event.details);
    try {
      await this.events.create(event);
    } catch (err) {
      this.logger.error(
        {err: {message: (err as Error).message}, audit: event},
        'audit event could not be stored',
      );
    }
  }

  /**
   * `login.*` events are the sign-ins: counted by method and outcome. A
   * lock-out is recorded beside the failure that caused it: not twice.
   */
  private countSignIn(type: AuditEventType, details: Record<string, unknown>) {
    if (!this.metrics) return;
    if (type !== 'login.succeeded' && type !== 'login.failed') return;
    const {reason} = details;
    if (reason === 'account_locked' || reason === 'device_locked') return;
    const outcome = type === 'login.succeeded' ? 'success' : 'failure';
    this.metrics.signIn(signInMethod(details), outcome);
  }
}

/** password, passkey, or a providers.json entry's kind. */
function signInMethod(details: Record<string, unknown>): SignInMethod {
  if (details.authMethod === 'passkey') return 'passkey';
  const scheme = details.authScheme;
  if (scheme === 'ldap' || scheme === 'saml') return scheme;
  return scheme === undefined ? 'password' : 'provider';
}
