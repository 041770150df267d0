import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {DataObject, repository, Where} from '@loopback/repository';
import {AppError} from '../../errors';
import {AccountBindings} from './keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {User} from '../../models';
import {
  EmailTokenRepository,
  MfaFactorRepository,
  RecoveryCodeRepository,
  UnitOfWork,
  UserRepository,
} from '../../repositories';
import {normalizeEmail} from '../../repositories/user.repository';
import {RequestContext} from '../../strategies/request-context';
import {ApplicationOwnershipService} from './application-ownership.service';
import {AuditService} from '../platform/audit.service';
import {ADMIN_ROLE} from './role.authorizer';
import {SessionService} from '../tokens/session.service';
import {afterPosition, decodeUserCursor, encodeUserCursor} from './user-page';

export const USER_PAGE_MAX = 100;
const USER_PAGE_DEFAULT = 50;

/** What an administrator may look users up by; never a raw filter. */
export interface UserQuery {
  email?: string;
  limit?: number;
  /** Resumes after the page that gave it (`UserPage.next`). */
  cursor?: string;
  /** Deprecated: costs as many rows as it skips; `cursor` does not. */
  offset?: number;
}

/** A page of users, and the cursor of the next one when there is one. */
export interface UserPage {
  users: User[];
  next?: string;
}

/** What an administrator may change on an account. */
export interface UserChanges {
  name?: string;
  username?: string;
  email?: string;
  emailVerified?: boolean;
  roles?: string[];
  disabled?: boolean;
}

/** Who acts, and from where, for the audit trail. */
export interface Actor {
  userId: string;
  context?: RequestContext;
}

/**
 * Account administration. An administrator may not disable, delete or take
 * the admin role from themself: the service can then never lose its last
 * administrator through its own API.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: AccountBindings.USER_ADMIN_SERVICE},
})
export class UserAdminService {
  constructor(
    @repository(UserRepository) private users: UserRepository,
    @repository(EmailTokenRepository) private emailTokens: EmailTokenRepository,
    @repository(MfaFactorRepository) private factors: MfaFactorRepository,
    @repository(RecoveryCodeRepository)
    private recoveryCodes: RecoveryCodeRepository,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(AccountBindings.APPLICATION_OWNERSHIP_SERVICE)
    private ownership: ApplicationOwnershipService,
    @inject(SharedBindings.UNIT_OF_WORK) private units: UnitOfWork,
  ) {}

  /**
   * A page of users, oldest first, optionally the one with an email; read
   * along the `(created, id)` index from the cursor's position, one row
   * more than the page to know whether another follows. Throws
   * `INVALID_CURSOR`, or `INVALID_REQUEST` for both a cursor and an offset.
   */
  async list(query: UserQuery = {}): Promise<UserPage> {
    if (query.cursor !== undefined && query.offset !== undefined) {
      throw new AppError(
        'INVALID_REQUEST',
        'Send either cursor or the deprecated offset, not both.',
      );
    }
    const where: Where<User>[] = [];
    if (query.email) where.push({email: normalizeEmail(query.email.trim())});
    if (query.cursor !== undefined) {
      where.push(afterPosition(decodeUserCursor(query.cursor)));
    }
    const limit = Math.min(query.limit ?? USER_PAGE_DEFAULT, USER_PAGE_MAX);
    const rows = await this.users.find({
      where: where.length > 1 ? {and: where} : (where[0] ?? {}),
      order: ['created ASC', 'id ASC'],
      limit: limit + 1,
      ...(query.offset ? {skip: query.offset} : {}),
    });
    const users = rows.slice(0, limit);
    const last = users[users.length - 1];
    return rows.length > limit && last
      ? {users, next: encodeUserCursor(last)}
      : {users};
  }

  /** One user, or `NOT_FOUND`. */
  async get(id: string): Promise<User> {
    const user = await this.users.findOne({where: {id}});
    if (!user) throw new AppError('NOT_FOUND', 'No such user.');
    return user;
  }

  /** The user's roles, read from the database (never from a token). */
  async rolesOf(id: string): Promise<string[]> {
    return (await this.get(id)).roles ?? [];
  }

  /**
   * Applies an administrator's changes. Disabling revokes every session at
   * once; role changes are audited with before and after. A new email is
   * unverified unless the same request says otherwise, and drops a change
   * of email the user asked for and has not confirmed. Throws
   * `CANNOT_MODIFY_SELF`, `NOT_FOUND`, `EMAIL_TAKEN` or `USERNAME_TAKEN`.
   */
  async update(actor: Actor, id: string, changes: UserChanges): Promise<User> {
    const user = await this.get(id);
    const before = [...(user.roles ?? [])].sort();
    const after = changes.roles ? [...new Set(changes.roles)].sort() : before;
    if (actor.userId === id) {
      const losesAdmin =
        before.includes(ADMIN_ROLE) && !after.includes(ADMIN_ROLE);
      if (changes.disabled === true || losesAdmin) {
        throw cannotModifySelf();
      }
    }
    const data: DataObject<User> = definedOnly({...changes, roles: after});
    if (
      changes.email !== undefined &&
      normalizeEmail(changes.email) !== user.email &&
      changes.emailVerified === undefined
    ) {
      data.emailVerified = false;
    }
    await this.users.updateById(id, data);
    if (changes.email !== undefined) {
      // The address an admin sets wins over one the user asked to move to.
      await this.emailTokens.deleteAll({userId: id, purpose: 'email-change'});
    }

    const entry = {userId: id, context: actor.context};
    if (changes.disabled === true && !user.disabled) {
      const revoked = await this.sessions.revokeAllForUser(
        id,
        'account_disabled',
      );
      await this.audit.record('user.disabled', {
        ...entry,
        details: {by: actor.userId, sessionsRevoked: revoked},
      });
    } else if (changes.disabled === false && user.disabled) {
      await this.audit.record('user.enabled', {
        ...entry,
        details: {by: actor.userId},
      });
    }
    if (before.join() !== after.join()) {
      await this.audit.record('role.changed', {
        ...entry,
        details: {by: actor.userId, before, after},
      });
    }
    const fields = Object.keys(changes).filter(
      f => !['roles', 'disabled'].includes(f),
    );
    if (fields.length) {
      await this.audit.record('user.updated', {
        ...entry,
        details: {by: actor.userId, fields},
      });
    }
    return this.get(id);
  }

  /**
   * Deletes an account and its sign-in methods; its sessions are revoked
   * (and kept, revoked, so their tokens stay refused). Its client
   * applications are deleted, or given to `transferApplicationsTo`.
   * Throws `CANNOT_MODIFY_SELF`, `NOT_FOUND`, or `VALIDATION_FAILED` for a
   * transfer target that is not another existing user.
   */
  async delete(
    actor: Actor,
    id: string,
    {transferApplicationsTo}: {transferApplicationsTo?: string} = {},
  ): Promise<void> {
    if (actor.userId === id) throw cannotModifySelf();
    await this.get(id);
    if (transferApplicationsTo !== undefined) {
      await this.ownership.checkTransfer(id, transferApplicationsTo);
    }
    // Applications before the account: a failure midway leaves the user in
    // place, so the same request can be repeated, never ownerless clients.
    const applications = await this.ownership.releaseOwnedBy(
      id,
      transferApplicationsTo,
    );
    // As AccountDeletionService: revocation (safe to redo), then one unit,
    // the user row first so that nothing a crash leaves is reachable.
    await this.sessions.revokeAllForUser(id, 'account_deleted');
    await this.units.run(async ({options}) => {
      await this.users.deleteById(id, options);
      await this.users.passwordCredential(id).delete(options);
      await this.users.identities(id).delete(undefined, options);
      await this.users.credentials(id).delete(undefined, options);
      await this.emailTokens.deleteAll({userId: id}, options);
      await this.users.consents(id).delete(undefined, options);
      await this.factors.deleteAll({userId: id}, options);
      await this.recoveryCodes.deleteAll({userId: id}, options);
    });
    await this.audit.record('user.deleted', {
      userId: id,
      context: actor.context,
      details: {
        by: actor.userId,
        applications,
        ...(transferApplicationsTo ? {transferApplicationsTo} : {}),
      },
    });
  }
}

function cannotModifySelf(): AppError {
  return new AppError(
    'CANNOT_MODIFY_SELF',
    'Administrators cannot disable or delete themselves, or drop their own admin role; ask another administrator.',
  );
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
