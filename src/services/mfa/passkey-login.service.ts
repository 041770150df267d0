import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {User} from '../../models';
import {MfaFactorRepository, UserRepository} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AbuseBindings} from '../abuse/keys';
import {RateLimiterService} from '../abuse/rate-limiter.service';
import {AuditService} from '../platform/audit.service';
import {Clock} from '../platform/clock';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {WEB_CLIENT_ID} from '../platform/web-client';
import {withSecondFactor} from '../tokens/authentication-methods';
import {ClientRefusal, ClientRuleService} from '../tokens/client-rule.service';
import {TokenBindings} from '../tokens/keys';
import {SessionService, TokenResponse} from '../tokens/session.service';
import {MfaBindings} from './keys';
import {
  invalidChallenge,
  PasskeyChallengeService,
} from './passkey-challenge.service';
import {authenticationResponseOf} from './passkey-credential';
import {signInCeremony} from './passkey-options.service';
import {SecondFactorCheckService} from './second-factor-check.service';

/** `POST /auth/passkey/login`, as the client sends it. */
export interface PasskeyLogin {
  challengeId: string;
  /** The assertion (AuthenticationResponseJSON). */
  credential: object;
  /** The client application to open the session for; `web` by default. */
  clientId?: string;
}

/**
 * Sign-in with a passkey alone (DESIGN §9): the assertion names its
 * credential, the credential its user. The authenticator verified the
 * person, so the session is multi-factor by itself (`amr` hwk or swk,
 * `user`, `mfa`) and the second-factor gate lets it through. The
 * assertion passes the same limits and lock-out as a second step
 * (SecondFactorCheckService); success and failure are audited as logins.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MfaBindings.PASSKEY_LOGIN_SERVICE},
})
export class PasskeyLoginService {
  constructor(
    @repository(MfaFactorRepository) private factors: MfaFactorRepository,
    @repository(UserRepository) private users: UserRepository,
    @inject(MfaBindings.PASSKEY_CHALLENGES)
    private challenges: PasskeyChallengeService,
    @inject(MfaBindings.SECOND_FACTOR_CHECK)
    private check: SecondFactorCheckService,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(TokenBindings.CLIENT_RULE) private clients: ClientRuleService,
    @inject(AbuseBindings.RATE_LIMITER_SERVICE)
    private limiter: RateLimiterService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {}

  /**
   * A token response for a new session. Throws `INVALID_REQUEST` (client),
   * `INVALID_PASSKEY` (malformed), `INVALID_PASSKEY_CHALLENGE`,
   * `INVALID_MFA_CODE` (unknown passkey, failed assertion, clone),
   * `RATE_LIMITED`, `ACCOUNT_DISABLED`, `EMAIL_NOT_VERIFIED`.
   */
  async login(
    input: PasskeyLogin,
    context: RequestContext,
  ): Promise<TokenResponse> {
    const response = authenticationResponseOf(input.credential);
    const applicationId = await this.checkClient(input.clientId);
    const ceremony = signInCeremony(String(input.challengeId));
    if (!(await this.challenges.exists(ceremony))) throw invalidChallenge();
    if (context.ip) {
      await this.limiter.assertUnder('second-factor-failures:ip', context.ip);
    }
    const factor = await this.factors.findOne({
      where: {type: 'webauthn', credentialId: response.id},
    });
    if (!factor?.confirmedAt) {
      return this.refuseUnknown(ceremony, applicationId, context);
    }
    const userId = factor.userId;
    let amr: string[];
    let user: User;
    try {
      const proof = {method: 'webauthn' as const, credential: response};
      const added = await this.check.check(userId, proof, {
        id: ceremony,
        context,
      });
      amr = withSecondFactor([], added);
      user = await this.allowedUser(userId);
    } catch (err) {
      await this.recordFailure(userId, applicationId, err, context);
      throw err;
    }
    await this.check.reset(userId);
    const tokens = await this.sessions.start(userId, {
      applicationId,
      authMethod: 'passkey',
      amr,
      ip: context.ip,
      userAgent: context.userAgent,
    });
    await this.recordSuccess(user, applicationId, context);
    return tokens;
  }

  /** The client rule, worded as `POST /auth/login` words it. */
  private async checkClient(clientId = WEB_CLIENT_ID): Promise<string> {
    const client = await this.clients.lookup(clientId);
    if (client instanceof ClientRefusal) {
      throw new AppError(
        'INVALID_REQUEST',
        'client_id does not name an enabled client application.',
      );
    }
    return client.id;
  }

  /** A passkey this service does not know (or no longer: it was removed). */
  private async refuseUnknown(
    ceremony: string,
    applicationId: string,
    context: RequestContext,
  ): Promise<never> {
    await this.challenges.take(ceremony).catch(() => undefined);
    if (context.ip) {
      await this.limiter.penalize('second-factor-failures:ip', context.ip);
    }
    const err = new AppError(
      'INVALID_MFA_CODE',
      'This passkey is not registered here (it may have been removed): sign in another way.',
    );
    await this.recordFailure(undefined, applicationId, err, context);
    throw err;
  }

  /** The account, unless it was disabled or its email must be verified first. */
  private async allowedUser(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (user.disabled) {
      throw new AppError('ACCOUNT_DISABLED', 'This account is disabled.');
    }
    if (this.config.requireEmailVerification && !user.emailVerified) {
      throw new AppError(
        'EMAIL_NOT_VERIFIED',
        'Confirm your email address before signing in; a new link can be sent.',
      );
    }
    return user;
  }

  private async recordSuccess(
    user: User,
    applicationId: string,
    context: RequestContext,
  ): Promise<void> {
    const now = this.clock.now();
    await this.users.updateById(user.id, {lastLoginAt: new Date(now)});
    await this.audit.record('login.succeeded', {
      userId: user.id,
      applicationId,
      context,
      details: {authMethod: 'passkey'},
    });
  }

  private async recordFailure(
    userId: string | undefined,
    applicationId: string,
    err: unknown,
    context: RequestContext,
  ): Promise<void> {
    if (!(err instanceof AppError)) return;
    await this.audit.record('login.failed', {
      userId,
      applicationId,
      context,
      details: {authMethod: 'passkey', reason: err.code},
    });
  }
}
