import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {AbuseBindings} from '../abuse/keys';
import {AccountBindings} from './keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {PasswordCredential} from '../../models';
import {
  PasswordCredentialRepository,
  UnitOfWork,
  UserRepository,
} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {DeviceTokenService} from '../tokens/device-token.service';
import {EmailTokenService} from '../tokens/email-token.service';
import {LoginLockoutService} from '../abuse/login-lockout.service';
import {PasswordService} from './password.service';
import {RateLimiterService} from '../abuse/rate-limiter.service';
import {SessionService} from '../tokens/session.service';

/** Who asks: the user, and the session of their bearer token if any. */
export interface PasswordCaller {
  userId: string;
  /** Kept alive by a password change; Basic requests have none. */
  sessionId?: string;
}

/**
 * A signed-in user's password: changing it, and confirming it before
 * something irreversible. A wrong current password is
 * `INVALID_CURRENT_PASSWORD` (403), not 401: the request is authenticated,
 * and a 401 would make clients discard a perfectly good token.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: AccountBindings.PASSWORD_CHANGE_SERVICE},
})
export class PasswordChangeService {
  constructor(
    @repository(UserRepository) private users: UserRepository,
    @repository(PasswordCredentialRepository)
    private passwords: PasswordCredentialRepository,
    @inject(AccountBindings.PASSWORD_SERVICE) private hasher: PasswordService,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(TokenBindings.EMAIL_TOKEN_SERVICE)
    private emailTokens: EmailTokenService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(AbuseBindings.RATE_LIMITER_SERVICE)
    private limiter: RateLimiterService,
    @inject(AbuseBindings.LOGIN_LOCKOUT_SERVICE)
    private lockout: LoginLockoutService,
    @inject(SharedBindings.UNIT_OF_WORK) private units: UnitOfWork,
    @inject(TokenBindings.DEVICE_TOKEN_SERVICE)
    private devices: DeviceTokenService,
  ) {}

  /**
   * Replaces the password after checking the current one and the policy
   * (`WEAK_PASSWORD`). Every other session of the user is revoked,
   * outstanding reset links stop working and device tokens stop counting
   * (the caller's too: its next password sign-in gets a new one); the
   * caller's session stays.
   */
  async changePassword(
    caller: PasswordCaller,
    currentPassword: string,
    newPassword: string,
    context: RequestContext = {},
  ): Promise<void> {
    const credential = await this.confirmPassword(
      caller.userId,
      currentPassword,
      context,
    );
    const user = await this.users.findById(caller.userId);
    this.hasher.checkPolicy(newPassword, user);
    const hash = await this.hasher.hash(newPassword);
    // As a reset: the other sessions are revoked before the unit (safe to
    // redo) and again after it, for one opened with the old password meanwhile.
    const revokeOthers = () =>
      this.sessions.revokeAllForUser(
        caller.userId,
        'password_changed',
        caller.sessionId,
      );
    let revoked = await revokeOthers();
    await this.units.run(async ({options}) => {
      await this.passwords.updateById(credential.id, {hash}, options);
      await this.emailTokens.consumeAll(caller.userId, 'reset', options);
      await this.devices.revokeAll(caller.userId, options);
    });
    revoked += await revokeOthers();
    await this.audit.record('password.changed', {
      userId: caller.userId,
      context,
      details: {sessionsRevoked: revoked},
    });
  }

  /**
   * Gives an account without a password (made through a provider) its
   * first one, under the policy (`WEAK_PASSWORD`). `PASSWORD_ALREADY_SET`
   * when it has one: that is changed with the current one instead. The
   * user's sessions stay: nothing they were opened with has changed. Device
   * tokens (from passkey sign-ins) stop counting, as after any change.
   */
  async setPassword(
    userId: string,
    newPassword: string,
    context: RequestContext = {},
  ): Promise<void> {
    if (await this.hasPassword(userId)) throw passwordAlreadySet();
    const user = await this.users.findById(userId);
    this.hasher.checkPolicy(newPassword, user);
    const hash = await this.hasher.hash(newPassword);
    try {
      await this.units.run(async ({options, onRollback}) => {
        await this.passwords.create({userId, hash}, options);
        // Registered once created: a duplicate is another request's.
        onRollback(() => this.passwords.deleteAll({userId}));
        await this.devices.revokeAll(userId, options);
      });
    } catch (err) {
      // Another request set one meanwhile (one password per user).
      if (err instanceof AppError && err.code === 'DUPLICATE_KEY') {
        throw passwordAlreadySet();
      }
      throw err;
    }
    await this.audit.record('password.set', {userId, context});
  }

  /**
   * The user's password credential, once `password` is proven to be its
   * password. Throws `INVALID_CURRENT_PASSWORD` when it is wrong, missing,
   * or the account has no password (set one through a reset link), and
   * during a lock-out; `RATE_LIMITED` past the per-IP failure limit.
   *
   * Wrong guesses count exactly like wrong logins (per IP, and towards the
   * account's lock-out): otherwise a stolen access token would be an
   * unlimited oracle for the password, and each guess costs argon2 work.
   */
  async confirmPassword(
    userId: string,
    password: string | undefined,
    context: RequestContext = {},
  ): Promise<PasswordCredential> {
    if (context.ip) {
      await this.limiter.assertUnder('password-failures:ip', context.ip);
    }
    const locked = (await this.lockout.lockedFor(userId)) > 0;
    const credential = locked
      ? null
      : await this.passwords.findOne({where: {userId}});
    const valid =
      password !== undefined &&
      (await this.hasher.verifyOrDummy(
        credential?.hash ?? undefined,
        password,
      ));
    if (!valid || !credential) {
      if (password !== undefined)
        await this.recordFailure(userId, locked, context);
      throw new AppError(
        'INVALID_CURRENT_PASSWORD',
        'The current password is wrong.',
      );
    }
    await this.lockout.reset(userId);
    return credential;
  }

  private async recordFailure(
    userId: string,
    locked: boolean,
    context: RequestContext,
  ): Promise<void> {
    if (context.ip) {
      await this.limiter.penalize('password-failures:ip', context.ip);
    }
    // Guesses during a lock do not lengthen it, as for logins.
    if (!locked) await this.lockout.recordFailure(userId);
  }

  /** Whether the user has a password to confirm with. */
  async hasPassword(userId: string): Promise<boolean> {
    return (await this.passwords.count({userId})).count > 0;
  }
}

function passwordAlreadySet(): AppError {
  return new AppError(
    'PASSWORD_ALREADY_SET',
    'This account has a password already: change it with the current one.',
  );
}
