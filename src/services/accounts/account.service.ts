import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {DataObject, repository} from '@loopback/repository';
import {randomUUID} from 'node:crypto';
import {AppError} from '../../errors';
import {AccountBindings} from './keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {User, USER_EMAIL_INDEX} from '../../models';
import {
  PasswordCredentialRepository,
  uniqueViolation,
  UnitOfWork,
  UserRepository,
} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {checkUsername, cleanName, normalizeEmailInput} from './account-input';
import {AuditService} from '../platform/audit.service';
import {EmailFlowService} from './email-flow.service';
import {EmailChangeService} from './email-change.service';
import {Logger} from '../platform/logger';
import {PasswordService} from './password.service';

export interface SignUpInput {
  email: string;
  password: string;
  username?: string;
  name?: string;
}

/** The account after a profile change, and the email it asked to move to. */
export interface ProfileUpdate {
  user: User;
  /** Set when the request named a new email: it is not in effect yet. */
  pendingEmail?: string;
}

/** What a user may change about themselves; nothing else is ever read. */
export interface ProfilePatch {
  email?: string;
  username?: string;
  name?: string;
}

/**
 * Local accounts: sign-up and the user's own profile. Only the properties
 * named in SignUpInput and ProfilePatch are ever copied from a request, so
 * `roles`, `emailVerified` or `disabled` cannot be set this way.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: AccountBindings.ACCOUNT_SERVICE},
})
export class AccountService {
  constructor(
    @repository(UserRepository) private users: UserRepository,
    @repository(PasswordCredentialRepository)
    private passwords: PasswordCredentialRepository,
    @inject(AccountBindings.PASSWORD_SERVICE) private hasher: PasswordService,
    @inject(AccountBindings.EMAIL_FLOW_SERVICE)
    private emailFlow: EmailFlowService,
    @inject(AccountBindings.EMAIL_CHANGE_SERVICE)
    private emailChange: EmailChangeService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(PlatformBindings.LOGGER) private logger: Logger,
    @inject(SharedBindings.UNIT_OF_WORK) private units: UnitOfWork,
  ) {}

  /**
   * Creates an account with a password and mails a verification link.
   * Throws `VALIDATION_FAILED`, `WEAK_PASSWORD`, `EMAIL_TAKEN` or
   * `USERNAME_TAKEN`. The user and its password are written as one unit,
   * so no failure or crash leaves an account whose password never works.
   */
  async signUp(input: SignUpInput, context: RequestContext = {}) {
    const email = normalizeEmailInput(input.email);
    const username =
      input.username === undefined ? undefined : checkUsername(input.username);
    const name = input.name === undefined ? undefined : cleanName(input.name);
    this.hasher.checkPolicy(input.password, {email, username, name});
    // Saves the argon2 work for an obviously taken address; the unique
    // index still decides between concurrent sign-ups.
    if (await this.users.findByEmail(email)) {
      throw uniqueViolation(USER_EMAIL_INDEX);
    }
    const hash = await this.hasher.hash(input.password);
    const userId = randomUUID();
    // The password first, the user last: where units are not transactions
    // (MongoDB), a crash in between leaves a password no account points to.
    const user = await this.units.run(async unit => {
      unit.onRollback(() => this.passwords.deleteAll({userId}));
      await this.passwords.create({userId, hash}, unit.options);
      return this.users.create(
        {
          id: userId,
          email,
          username,
          name,
          emailVerified: false,
          roles: [],
          disabled: false,
        },
        unit.options,
      );
    });
    await this.audit.record('user.signed_up', {userId: user.id, context});
    await this.sendVerificationQuietly(user);
    return user;
  }

  /**
   * The caller's own account. Throws `AUTHENTICATION_REQUIRED` when it no
   * longer exists or is disabled: the credentials that named it are stale.
   */
  async getOwnAccount(userId: string): Promise<User> {
    const user = await this.users.findById(userId).catch(notFoundAsNull);
    if (!user || user.disabled) {
      throw new AppError(
        'AUTHENTICATION_REQUIRED',
        'This account no longer exists or is disabled.',
      );
    }
    return user;
  }

  /**
   * Changes the caller's name or username at once. A new email is only
   * requested: it stays pending until the link mailed to it is used (see
   * EmailChangeService), and the answer is the same whether or not another
   * account has it. Throws `USERNAME_TAKEN`, `VALIDATION_FAILED`, or
   * `RATE_LIMITED` (too many email changes; then nothing changes).
   */
  async updateProfile(
    userId: string,
    patch: ProfilePatch,
    context: RequestContext = {},
  ): Promise<ProfileUpdate> {
    const user = await this.getOwnAccount(userId);
    const changes: DataObject<User> = {};
    if (patch.name !== undefined) changes.name = cleanName(patch.name);
    if (patch.username !== undefined) {
      changes.username = checkUsername(patch.username);
    }
    const email =
      patch.email === undefined ? undefined : normalizeEmailInput(patch.email);
    const pendingEmail = email !== user.email ? email : undefined;
    if (pendingEmail) await this.emailChange.admit(userId);
    const changed = Object.keys(changes).filter(
      k => changes[k as keyof User] !== user[k as keyof User],
    );
    let updated = user;
    if (changed.length) {
      await this.users.updateById(userId, changes);
      updated = await this.users.findById(userId);
      await this.audit.record('user.updated', {
        userId,
        context,
        details: {changed},
      });
    }
    if (pendingEmail) this.emailChange.request(updated, pendingEmail, context);
    return {user: updated, pendingEmail};
  }

  /**
   * The account is created whether or not the mail goes out:
   * the user can ask for a new link, and failing the request would tempt
   * them to retry into EMAIL_TAKEN.
   */
  private async sendVerificationQuietly(user: User): Promise<void> {
    try {
      await this.emailFlow.sendVerification(user);
    } catch (err) {
      this.logger.warn(
        {userId: user.id, err: {message: (err as Error).message}},
        'verification mail not sent',
      );
    }
  }
}

function notFoundAsNull(err: {code?: string}): null {
  if (err.code === 'ENTITY_NOT_FOUND') return null;
  throw err;
}
