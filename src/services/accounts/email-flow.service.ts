import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {AbuseBindings} from '../abuse/keys';
import {AccountBindings} from './keys';
import {MailBindings} from '../mail/keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {User} from '../../models';
import {
  PasswordCredentialRepository,
  Unit,
  UnitOfWork,
  UserRepository,
} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {BackgroundTasks} from '../platform/background-tasks';
import {DeviceTokenService} from '../tokens/device-token.service';
import {
  EMAIL_TOKEN_LIFETIME_MS,
  EmailTokenService,
} from '../tokens/email-token.service';
import {Logger} from '../platform/logger';
import {MailService} from '../mail/mail.service';
import {MailQuota} from './mail-quota';
import {PasswordService} from './password.service';
import {RateLimiterService} from '../abuse/rate-limiter.service';
import {SessionService} from '../tokens/session.service';

/**
 * Email verification and password reset. Links carry the token in the URL
 * fragment (`/#verify-email?token=…`): a fragment is never sent to a server,
 * so it never lands in an access log or a Referer header.
 *
 * Requests that name an email address without signing in do their work in
 * the background and always answer the same, so neither the answer nor its
 * timing tells whether an account exists.
 *
 * Mails to an address are capped per hour (MailQuota), so nobody can flood
 * an inbox; past the cap a request still answers 202 and nothing is sent,
 * since a refusal would let anyone stop the owner's own request.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: AccountBindings.EMAIL_FLOW_SERVICE},
})
export class EmailFlowService {
  private readonly background: BackgroundTasks;
  private readonly quota: MailQuota;

  constructor(
    @repository(UserRepository) private users: UserRepository,
    @repository(PasswordCredentialRepository)
    private passwords: PasswordCredentialRepository,
    @inject(TokenBindings.EMAIL_TOKEN_SERVICE)
    private emailTokens: EmailTokenService,
    @inject(MailBindings.MAIL_SERVICE) private mail: MailService,
    @inject(AccountBindings.PASSWORD_SERVICE) private hasher: PasswordService,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.LOGGER) logger: Logger,
    @inject(AbuseBindings.RATE_LIMITER_SERVICE)
    private limiter: RateLimiterService,
    @inject(TokenBindings.DEVICE_TOKEN_SERVICE)
    private devices: DeviceTokenService,
    @inject(SharedBindings.UNIT_OF_WORK) private units: UnitOfWork,
  ) {
    this.background = new BackgroundTasks(logger);
    this.quota = new MailQuota(limiter, devices, logger);
  }

  /**
   * Mails a new verification link to the user's current address. Rejects
   * with `MAIL_UNAVAILABLE` when the mail cannot be sent.
   */
  async sendVerification(user: User): Promise<void> {
    const {email} = user;
    if (!email) {
      // Provider sign-ins may bring no address; there is nothing to verify.
      throw new AppError(
        'INVALID_REQUEST',
        'The account has no email address.',
      );
    }
    const {token} = await this.emailTokens.issue(
      {id: user.id, email},
      'verify',
    );
    await this.mail.sendVerificationEmail(email, {
      name: user.name,
      link: this.link('verify-email', token),
    });
  }

  /**
   * Signed in: mails a new verification link, at most `perAccount`'s
   * `verificationSend` per hour per user. Past it throws `RATE_LIMITED`:
   * only the user can spend this quota, so refusing stops no one else.
   */
  async resendVerification(user: User): Promise<void> {
    await this.limiter.consume('account:verificationSend', `user:${user.id}`);
    await this.sendVerification(user);
  }

  /**
   * Without signing in: mails a verification link if `email` belongs to an
   * enabled, unverified account, within the address's mail quota;
   * otherwise nothing. Returns at once.
   */
  requestVerification(email: string, context: RequestContext = {}): void {
    this.background.run('verification-mail', async () => {
      const user = await this.users.findByEmail(email.trim());
      if (!user || user.disabled || user.emailVerified) return;
      if (!(await this.quota.allows('verificationSend', user, context))) return;
      await this.sendVerification(user);
    });
  }

  /**
   * Marks the address the token was mailed to as verified, provided it is
   * still the account's address. Throws `INVALID_EMAIL_TOKEN` otherwise.
   */
  async verifyEmail(token: string, context: RequestContext = {}) {
    const record = await this.emailTokens.findUsable(token, 'verify');
    await this.units.run(async ({options}) => {
      await this.emailTokens.consume(record, options);
      // Conditional on the address, so an email change racing this request
      // cannot get the new address verified by the old address's link.
      const {count} = await this.users.updateAll(
        {emailVerified: true},
        {id: record.userId, email: record.email},
        options,
      );
      if (count !== 1) throw invalidLink();
    });
    await this.audit.record('email.verified', {
      userId: record.userId,
      context,
    });
  }

  /**
   * Mails a reset link if `email` belongs to an enabled account, within the
   * mail quota (the address's, or that of the device token presented);
   * otherwise nothing. Returns at once: the caller answers 202 either way.
   */
  requestPasswordReset(email: string, context: RequestContext = {}): void {
    this.background.run('password-reset-mail', async () => {
      const user = await this.users.findByEmail(email.trim());
      if (!user?.email || user.disabled) return;
      if (!(await this.quota.allows('passwordReset', user, context))) return;
      const {token} = await this.emailTokens.issue(
        {id: user.id, email: user.email},
        'reset',
      );
      await this.audit.record('password.reset_requested', {
        userId: user.id,
        context,
      });
      await this.mail.sendPasswordResetEmail(user.email, {
        name: user.name,
        link: this.link('reset-password', token),
        expiresInMinutes: EMAIL_TOKEN_LIFETIME_MS.reset / 60_000,
      });
    });
  }

  /**
   * Sets a new password with a reset token: checks the policy (before using
   * the token up, so a refused password does not burn the link), marks the
   * email verified (the user proved they read it), uses up every other
   * reset link and any pending email change, and revokes every session and
   * device token of the user.
   */
  async confirmPasswordReset(
    token: string,
    password: string,
    context: RequestContext = {},
  ): Promise<void> {
    const record = await this.emailTokens.findUsable(token, 'reset');
    const user = await this.users.findOne({where: {id: record.userId}});
    if (!user || user.disabled || user.email !== record.email) {
      throw invalidLink();
    }
    this.hasher.checkPolicy(password, user);
    const hash = await this.hasher.hash(password);
    // Sessions first, outside the unit: revoking is safe to redo, so a crash
    // after it costs a sign-in, while one between the new password and the
    // revocation would keep a thief's session alive.
    let revoked = await this.sessions.revokeAllForUser(
      user.id,
      'password_reset',
    );
    await this.units.run(async unit => {
      await this.emailTokens.consume(record, unit.options);
      await this.storePassword(user.id, hash, unit);
      await this.devices.revokeAll(user.id, unit.options);
      await this.users.updateAll(
        {emailVerified: true},
        {id: user.id, email: record.email},
        unit.options,
      );
      await this.emailTokens.consumeAll(user.id, 'reset', unit.options);
      // Whoever proved the current address overrides a pending move away
      // from it: a reset is how a robbed owner takes the account back.
      await this.emailTokens.consumeAll(user.id, 'email-change', unit.options);
    });
    // One opened with the old password while the unit ran.
    revoked += await this.sessions.revokeAllForUser(user.id, 'password_reset');
    await this.audit.record('password.reset', {
      userId: user.id,
      context,
      details: {sessionsRevoked: revoked},
    });
  }

  /** Resolves when every background send started so far has ended. */
  whenIdle(): Promise<void> {
    return this.background.idle();
  }

  /** Accounts that only ever signed in with a provider get a password too. */
  private async storePassword(
    userId: string,
    hash: string,
    {options, onRollback}: Unit,
  ): Promise<void> {
    const existing = await this.passwords.findOne({where: {userId}}, options);
    if (existing) {
      await this.passwords.updateById(existing.id, {hash}, options);
      return;
    }
    onRollback(() => this.passwords.deleteAll({userId}));
    await this.passwords.create({userId, hash}, options);
  }

  private link(page: 'verify-email' | 'reset-password', token: string) {
    return `${this.config.baseUrl}/#${page}?token=${token}`;
  }
}

function invalidLink(): AppError {
  return new AppError(
    'INVALID_EMAIL_TOKEN',
    'This link is invalid, expired or already used. Ask for a new one.',
  );
}
