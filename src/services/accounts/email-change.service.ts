import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {AbuseBindings} from '../abuse/keys';
import {AccountBindings} from './keys';
import {MailBindings} from '../mail/keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {User, USER_EMAIL_INDEX} from '../../models';
import {uniqueViolation, UnitOfWork, UserRepository} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {BackgroundTasks} from '../platform/background-tasks';
import {
  EMAIL_TOKEN_LIFETIME_MS,
  EmailTokenService,
} from '../tokens/email-token.service';
import {Logger} from '../platform/logger';
import {MailService} from '../mail/mail.service';
import {RateLimiterService} from '../abuse/rate-limiter.service';

/**
 * A user's own change of email address. The new address stays pending (the
 * old one keeps signing in and receiving resets) until the link mailed to
 * the new address is used: a token that reached the wrong hands cannot move
 * the account to an address its holder controls.
 *
 * Asking answers the same whether or not the address is taken: the work
 * happens in the background, and the owner of a taken address gets a
 * notice (no link) instead. The old address is told once the change is
 * done: asking alone changes nothing, and the notice then reports a fact.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: AccountBindings.EMAIL_CHANGE_SERVICE},
})
export class EmailChangeService {
  private readonly background: BackgroundTasks;

  constructor(
    @repository(UserRepository) private users: UserRepository,
    @inject(TokenBindings.EMAIL_TOKEN_SERVICE)
    private emailTokens: EmailTokenService,
    @inject(MailBindings.MAIL_SERVICE) private mail: MailService,
    @inject(AbuseBindings.RATE_LIMITER_SERVICE)
    private limiter: RateLimiterService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.LOGGER) private logger: Logger,
    @inject(SharedBindings.UNIT_OF_WORK) private units: UnitOfWork,
  ) {
    this.background = new BackgroundTasks(logger);
  }

  /**
   * Counts one change request of the user; throws `RATE_LIMITED` over the
   * limit. Call before changing anything, so a refused request changes
   * nothing.
   */
  async admit(userId: string): Promise<void> {
    await this.limiter.consume('email-changes:user', userId);
  }

  /**
   * Starts moving `user` to `email` (already normalised and different from
   * the current one). Earlier pending changes are dropped; the new address
   * gets a confirmation link, or, when an account already has it, its owner
   * gets a notice. Returns at once.
   */
  request(user: User, email: string, context: RequestContext = {}): void {
    this.background.run('email-change-mail', async () => {
      await this.emailTokens.consumeAll(user.id, 'email-change');
      const owner = await this.users.findByEmail(email);
      await this.audit.record('email.change_requested', {
        userId: user.id,
        context,
        details: {addressInUse: owner !== null},
      });
      if (owner) {
        await this.mail.sendEmailInUseEmail(email, {name: owner.name});
        return;
      }
      const {token} = await this.emailTokens.issue(
        {id: user.id, email},
        'email-change',
      );
      await this.mail.sendEmailChangeEmail(email, {
        name: user.name,
        link: `${this.config.baseUrl}/#confirm-email-change?token=${token}`,
        expiresInMinutes: EMAIL_TOKEN_LIFETIME_MS['email-change'] / 60_000,
      });
    });
  }

  /**
   * Applies the change a link was mailed for: the account's email becomes
   * the link's address, verified, and every other outstanding link of the
   * user stops working. Throws `INVALID_EMAIL_TOKEN`, or `EMAIL_TAKEN` when
   * another account took the address meanwhile (then nothing changes and
   * the link stays as it was).
   */
  async confirm(token: string, context: RequestContext = {}): Promise<void> {
    const record = await this.emailTokens.findUsable(token, 'email-change');
    const email = record.email!;
    const user = await this.users.findOne({where: {id: record.userId}});
    if (!user || user.disabled) throw invalidLink();
    const owner = await this.users.findByEmail(email);
    if (owner && owner.id !== user.id) throw uniqueViolation(USER_EMAIL_INDEX);
    // One unit: a failure (the address taken meanwhile) leaves the link
    // usable and the account as it was.
    await this.units.run(async unit => {
      await this.emailTokens.consume(record, unit.options);
      unit.onRollback(() => this.emailTokens.release(record));
      // The unique index decides a race with a sign-up or another change.
      await this.users.updateById(
        user.id,
        {email, emailVerified: true},
        unit.options,
      );
      await this.emailTokens.consumeAll(user.id, undefined, unit.options);
    });
    await this.audit.record('email.changed', {userId: user.id, context});
    if (user.email && user.email !== email) {
      await this.notifyOldAddress(user.email, user.name, email);
    }
  }

  /** Resolves when every background send started so far has ended. */
  whenIdle(): Promise<void> {
    return this.background.idle();
  }

  /** The change is made whether or not this notice goes out; it is logged. */
  private async notifyOldAddress(
    to: string,
    name: string | undefined,
    newEmail: string,
  ): Promise<void> {
    try {
      await this.mail.sendEmailChangedEmail(to, {name, newEmail});
    } catch (err) {
      this.logger.warn(
        {err: {message: (err as Error).message}},
        'email change notice not sent',
      );
    }
  }
}

function invalidLink(): AppError {
  return new AppError(
    'INVALID_EMAIL_TOKEN',
    'This link is invalid, expired or already used. Ask for a new one.',
  );
}
