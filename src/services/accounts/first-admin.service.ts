import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {AccountBindings} from './keys';
import {PlatformBindings} from '../platform/keys';
import {User} from '../../models';
import {PasswordCredentialRepository, UserRepository} from '../../repositories';
import {AuditService} from '../platform/audit.service';
import {PasswordService} from './password.service';
import {ADMIN_ROLE} from './role.authorizer';

export type FirstAdminOutcome = 'created' | 'promoted' | 'unchanged';

/** Why the service refuses to start with the configured admin. */
export class FirstAdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FirstAdminError';
  }
}

/**
 * Makes sure the account named by ADMIN_EMAIL exists and is an admin.
 * Safe when several nodes start at once: the unique email index decides
 * which node creates it, and the others find it.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: AccountBindings.FIRST_ADMIN_SERVICE},
})
export class FirstAdminService {
  constructor(
    @repository(UserRepository) private users: UserRepository,
    @repository(PasswordCredentialRepository)
    private passwords: PasswordCredentialRepository,
    @inject(AccountBindings.PASSWORD_SERVICE) private hasher: PasswordService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /**
   * Creates the admin (email verified, role admin) when absent, or gives an
   * existing account the admin role. An existing password is never
   * replaced. Throws FirstAdminError when the password breaks the policy.
   */
  async ensure(email: string, password: string): Promise<FirstAdminOutcome> {
    try {
      this.hasher.checkPolicy(password, {email});
    } catch (err) {
      const reason = (err as AppError).details as {reason?: string};
      throw new FirstAdminError(
        `ADMIN_PASSWORD is refused by the password policy (${reason?.reason ?? (err as Error).message}): choose 8 to 128 characters, not a common password and not containing the email.`,
      );
    }
    const existing = await this.users.findByEmail(email);
    const user = existing ?? (await this.create(email));
    if (!user) return this.promote(email);
    if (!existing) {
      await this.setPasswordIfAbsent(user.id, password);
      await this.audit.record('role.changed', {
        userId: user.id,
        details: {by: 'ADMIN_EMAIL', before: [], after: [ADMIN_ROLE]},
      });
      return 'created';
    }
    const outcome = await this.promote(email);
    // A node that died between creating the account and its password
    // leaves it without one; adding one there overwrites nothing.
    await this.setPasswordIfAbsent(user.id, password);
    return outcome;
  }

  /** The new account, or undefined when another node created it first. */
  private async create(email: string): Promise<User | undefined> {
    try {
      return await this.users.create({
        email,
        emailVerified: true,
        roles: [ADMIN_ROLE],
      });
    } catch (err) {
      if ((err as AppError).code === 'EMAIL_TAKEN') return undefined;
      throw err;
    }
  }

  private async promote(email: string): Promise<FirstAdminOutcome> {
    const user = await this.users.findByEmail(email);
    if (!user) throw new FirstAdminError(`${email} vanished while starting`);
    const before = user.roles ?? [];
    if (before.includes(ADMIN_ROLE)) return 'unchanged';
    const after = [...before, ADMIN_ROLE];
    await this.users.updateById(user.id, {roles: after});
    await this.audit.record('role.changed', {
      userId: user.id,
      details: {by: 'ADMIN_EMAIL', before, after},
    });
    return 'promoted';
  }

  private async setPasswordIfAbsent(
    userId: string,
    password: string,
  ): Promise<void> {
    if (await this.passwords.findOne({where: {userId}})) return;
    const hash = await this.hasher.hash(password);
    try {
      await this.passwords.create({userId, hash});
    } catch (err) {
      // Another node stored one first: keep theirs.
      if ((err as AppError).statusCode !== 409) throw err;
    }
  }
}
