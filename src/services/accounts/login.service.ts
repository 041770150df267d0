import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {AbuseBindings} from '../abuse/keys';
import {AccountBindings} from './keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {User} from '../../models';
import {PasswordCredentialRepository, UserRepository} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {Clock} from '../platform/clock';
import {DeviceTokenService} from '../tokens/device-token.service';
import {LoginLockoutService} from '../abuse/login-lockout.service';
import {PasswordService} from './password.service';
import {RateLimiterService} from '../abuse/rate-limiter.service';
import {sha256Digest} from '../platform/token-digest';

/**
 * Checks a login and password. Unknown login, wrong password and disabled
 * account all get the same `INVALID_CREDENTIALS` after the same argon2 work,
 * so neither the answer nor its timing tells which accounts exist.
 *
 * It is also where password guessing is stopped, for JSON login and HTTP
 * Basic alike: wrong passwords are counted per client IP (over the limit:
 * `RATE_LIMITED`) and per account (progressive lock-out, answered with the
 * same `INVALID_CREDENTIALS`, even for the right password, so a lock tells
 * a guesser nothing). The lock-out follows OWASP's device cookies: an
 * attempt with a valid device token of the account (context.deviceToken)
 * is counted and locked apart from everyone else's, so strangers' guesses
 * never lock the owner's known devices out.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: AccountBindings.LOGIN_SERVICE},
})
export class LoginService {
  constructor(
    @repository(UserRepository) private users: UserRepository,
    @repository(PasswordCredentialRepository)
    private passwords: PasswordCredentialRepository,
    @inject(AccountBindings.PASSWORD_SERVICE)
    private hasher: PasswordService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(AbuseBindings.RATE_LIMITER_SERVICE)
    private limiter: RateLimiterService,
    @inject(AbuseBindings.LOGIN_LOCKOUT_SERVICE)
    private lockout: LoginLockoutService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(TokenBindings.DEVICE_TOKEN_SERVICE)
    private devices: DeviceTokenService,
  ) {}

  /**
   * The user whose email or username is `login` and whose password is
   * `password`. Throws `INVALID_CREDENTIALS`, or `EMAIL_NOT_VERIFIED` (only
   * once the password is proven) when verification is required, or
   * `RATE_LIMITED` when the client's IP made too many wrong guesses.
   */
  async verifyPassword(
    login: string,
    password: string,
    context: RequestContext = {},
  ): Promise<User> {
    if (context.ip) {
      await this.limiter.assertUnder('password-failures:ip', context.ip);
    }
    const user = await this.findByLogin(login);
    // An unknown login takes every step a known one does, under a stand-in
    // id: the same device check, lock lookup, credential read, argon2 work
    // and failure bookkeeping, so the time taken does not tell which
    // accounts exist.
    const subjectId = user?.id ?? standInUserId(login);
    // A token from before the password last changed is ignored here as a
    // forged one is: the user's epoch came with the user, no extra read.
    const device = this.devices.deviceOf(
      context.deviceToken,
      user ?? {id: subjectId},
    );
    const lockedFor = await this.lockout.lockedFor(subjectId, device);
    const stored = await this.passwords.findOne({where: {userId: subjectId}});
    // A locked account is checked against the dummy hash: the same work,
    // the same answer, whatever the password.
    const credential = user && !user.disabled && !lockedFor ? stored : null;
    const valid = await this.hasher.verifyOrDummy(credential?.hash, password);
    if (!valid || !user || !credential) {
      await this.recordFailure(subjectId, user, device, lockedFor > 0, context);
      throw new AppError(
        'INVALID_CREDENTIALS',
        'The login or the password is wrong.',
      );
    }
    await this.lockout.reset(user.id, device);
    if (this.hasher.needsRehash(credential.hash)) {
      await this.passwords.updateById(credential.id, {
        hash: await this.hasher.hash(password),
      });
    }
    if (this.config.requireEmailVerification && !user.emailVerified) {
      throw new AppError(
        'EMAIL_NOT_VERIFIED',
        'Confirm your email address before signing in; a new link can be sent.',
      );
    }
    // Basic clients check the password on every request: record the login
    // at most once a minute rather than writing the user each time.
    const now = this.clock.now();
    const last = user.lastLoginAt ? new Date(user.lastLoginAt).getTime() : 0;
    if (now - last >= 60_000) {
      await this.users.updateById(user.id, {lastLoginAt: new Date(now)});
    }
    return user;
  }

  private async recordFailure(
    subjectId: string,
    user: User | null,
    device: string | undefined,
    locked: boolean,
    context: RequestContext,
  ): Promise<void> {
    if (context.ip) {
      await this.limiter.penalize('password-failures:ip', context.ip);
    }
    // Guesses during a lock do not lengthen it: the owner waits it out.
    if (locked) return;
    // Unknown logins are counted and "locked" too (under their stand-in
    // id): a lock of nobody stops no one, but skipping it would be faster.
    const lockSeconds = await this.lockout.recordFailure(subjectId, device);
    if (lockSeconds) {
      await this.audit.record('login.failed', {
        userId: user?.id,
        context,
        details: {
          reason: device ? 'device_locked' : 'account_locked',
          lockSeconds,
        },
      });
    }
  }

  /** The user an email (any case) or a username names, if any. */
  async findByLogin(login: string): Promise<User | null> {
    const value = login.trim();
    if (!value || value.length > 254) return null;
    return this.users.findByLogin(value);
  }
}

/**
 * A stable, UUID-shaped id for a login no account has: never a real user's
 * (version and variant are 0, never the 4 of the random ids users get), the same for
 * every try of that login, so its lock-out count behaves like an account's.
 */
export function standInUserId(login: string): string {
  const hex = sha256Digest(`unknown-login:${login.trim().toLowerCase()}`);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `0${hex.slice(13, 16)}`,
    `0${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}
