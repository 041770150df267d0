import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {LdapEntry} from '../../../config/ldap-entry';
import {ProviderEntry} from '../../../config/provider-entry';
import {AppError} from '../../../errors';
import {PlatformBindings, SharedBindings} from '../../platform/keys';
import {ProviderBindings} from '../keys';
import {StoreBindings} from '../../store/keys';
import {UserCredential, UserIdentity} from '../../../models';
import {
  PasswordCredentialRepository,
  UnitOfWork,
  UserCredentialRepository,
  UserIdentityRepository,
} from '../../../repositories';
import {RequestContext} from '../../../strategies/request-context';
import {AuditService} from '../../platform/audit.service';
import {StoredProfile} from '../flows/provider-account-writer';
import {StoredProviderTokens} from '../provider-token-seal';
import {StoreLockService} from '../../store/store-lock.service';

/** A linked identity as its owner sees it: never a token. */
export interface IdentityView {
  id: string;
  provider: string;
  /** The providers.json entry that signs in with it, if any still does. */
  name?: string;
  externalId: string;
  profile: Pick<StoredProfile, 'displayName' | 'email' | 'photo'>;
  created: Date;
}

/** A linked account's stored tokens, described without their values. */
export interface CredentialView {
  id: string;
  provider: string;
  externalId: string;
  scopes: string[];
  expiresAt?: Date;
  hasRefreshToken: boolean;
  created: Date;
}

/**
 * The signed-in user's linked accounts: list and unlink. Unlinking never
 * leaves an account without a way to sign in.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.LINKED_ACCOUNTS_SERVICE},
})
export class LinkedAccountsService {
  constructor(
    @repository(UserIdentityRepository)
    private identities: UserIdentityRepository,
    @repository(UserCredentialRepository)
    private credentials: UserCredentialRepository,
    @repository(PasswordCredentialRepository)
    private passwords: PasswordCredentialRepository,
    @inject(SharedBindings.PROVIDERS)
    private providers: readonly ProviderEntry[],
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(StoreBindings.STORE_LOCK_SERVICE)
    private locks: StoreLockService,
    @inject(SharedBindings.UNIT_OF_WORK) private units: UnitOfWork,
    @inject(SharedBindings.LDAP_ENTRIES, {optional: true})
    private directories: readonly LdapEntry[] = [],
  ) {}

  /** The user's identities, oldest first. */
  async listIdentities(userId: string): Promise<IdentityView[]> {
    const rows = await this.identities.find({
      where: {userId},
      order: ['created ASC'],
    });
    return rows.map(row => this.identityView(row));
  }

  /**
   * Unlinks one of the user's identities and deletes its stored tokens.
   * Throws `NOT_FOUND` for another user's identity, `LAST_LOGIN_METHOD` when
   * it is the last usable way to sign in (a password, or an identity whose
   * provider entry can sign in); `CONFLICT` when another change to the
   * user's sign-in methods holds them for more than two seconds.
   */
  async unlink(
    userId: string,
    identityId: string,
    context?: RequestContext,
  ): Promise<void> {
    // Count-then-delete: two unlinks of the last two methods, on any nodes,
    // would each count two and both pass without this per-user lock.
    await this.locks.withLock(`sign-in-methods:${userId}`, () =>
      this.unlinkLocked(userId, identityId, context),
    );
  }

  private async unlinkLocked(
    userId: string,
    identityId: string,
    context?: RequestContext,
  ): Promise<void> {
    const identity = await this.identities.findOne({
      where: {id: identityId, userId},
    });
    if (!identity) {
      throw new AppError('NOT_FOUND', 'No such identity of yours.');
    }
    if (this.canSignIn(identity) && (await this.usableMethods(userId)) <= 1) {
      throw new AppError(
        'LAST_LOGIN_METHOD',
        'This is your last way to sign in: set a password or link another provider first.',
      );
    }
    // Together; without transactions the credential first: an identity a
    // crash leaves still signs in, and the unlink can be redone.
    await this.units.run(async ({options}) => {
      await this.credentials.deleteAll(
        {userId, provider: identity.provider, externalId: identity.externalId},
        options,
      );
      await this.identities.deleteById(identity.id, options);
    });
    await this.audit.record('identity.unlinked', {
      userId,
      context,
      details: {provider: identity.provider},
    });
  }

  /** The user's stored provider credentials, without secret values. */
  async listCredentials(userId: string): Promise<CredentialView[]> {
    const rows = await this.credentials.find({
      where: {userId},
      order: ['created ASC'],
    });
    return rows.map(credentialView);
  }

  /** Forgets one stored credential. Throws `NOT_FOUND` for another user's. */
  async deleteCredential(userId: string, credentialId: string): Promise<void> {
    const {count} = await this.credentials.deleteAll({
      id: credentialId,
      userId,
    });
    if (count === 0) {
      throw new AppError('NOT_FOUND', 'No such credential of yours.');
    }
  }

  /** Counted as methods, not rows: link-only identities sign no one in. */
  private async usableMethods(userId: string): Promise<number> {
    const password = await this.passwords.count({userId});
    const identities = await this.identities.find({where: {userId}});
    return (
      (password.count > 0 ? 1 : 0) +
      identities.filter(i => this.canSignIn(i)).length
    );
  }

  private canSignIn(identity: UserIdentity): boolean {
    return (
      this.providers.some(p => p.provider === identity.provider && p.login) ||
      // A directory identity's provider is its entry's name.
      this.directories.some(d => d.provider === identity.provider)
    );
  }

  /** `row` as its owner sees it (GET /users/me/identities): never a token. */
  identityView(row: UserIdentity): IdentityView {
    const profile = row.profile as StoredProfile;
    const entry =
      this.providers.find(p => p.provider === row.provider && p.login) ??
      this.providers.find(p => p.provider === row.provider) ??
      this.directories.find(d => d.provider === row.provider);
    return {
      id: row.id,
      provider: row.provider,
      ...(entry ? {name: entry.name} : {}),
      externalId: row.externalId,
      profile: compact({
        displayName: profile.displayName,
        email: profile.email,
        photo: profile.photo,
      }),
      created: row.created,
    };
  }
}

function credentialView(row: UserCredential): CredentialView {
  const stored = (row.credentials ?? {}) as Partial<StoredProviderTokens>;
  return {
    id: row.id,
    provider: row.provider,
    externalId: row.externalId,
    scopes: stored.scope ? stored.scope.split(/[\s,]+/).filter(Boolean) : [],
    ...(stored.expiresAt ? {expiresAt: new Date(stored.expiresAt)} : {}),
    hasRefreshToken: stored.hasRefreshToken === true,
    created: row.created,
  };
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}
