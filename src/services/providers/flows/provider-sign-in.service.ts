import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {randomUUID} from 'node:crypto';
import {AppError} from '../../../errors';
import {PlatformBindings, SharedBindings} from '../../platform/keys';
import {ProviderBindings} from '../keys';
import {User, UserIdentity} from '../../../models';
import {
  UnitOfWork,
  UserIdentityRepository,
  UserRepository,
} from '../../../repositories';
import {MappedProfile} from '../profile-mappers';
import {ProviderTokens} from '../provider-login';
import {AuditEventType, AuditService} from '../../platform/audit.service';
import {Clock} from '../../platform/clock';
import {ProviderAccountWriter} from './provider-account-writer';
import {
  accountExists,
  alreadyLinked,
  assertModeAllowed,
  assertProfileId,
  mayLinkByEmail,
  ProviderSignInOptions,
  ProviderSignInResult,
  SignInEntry,
} from './provider-sign-in-rules';
import {newUserFields} from './provider-user-shape';
import {DirectoryRoles} from './directory-roles-port';

/** The linking rules of DESIGN §4, for every way a provider account arrives. */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.PROVIDER_SIGN_IN_SERVICE},
})
export class ProviderSignInService {
  constructor(
    @repository(UserRepository) private users: UserRepository,
    @repository(UserIdentityRepository)
    private identities: UserIdentityRepository,
    @inject(ProviderBindings.PROVIDER_ACCOUNT_WRITER)
    private accounts: ProviderAccountWriter,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(SharedBindings.UNIT_OF_WORK) private units: UnitOfWork,
    @inject(ProviderBindings.DIRECTORY_ROLES, {optional: true})
    private directoryRoles?: DirectoryRoles,
  ) {}

  /**
   * Signs in with, or links, the provider account `profile` describes, and
   * stores its trimmed profile and sealed tokens. Throws AppError
   * `PROVIDER_ERROR` (empty profile id), `LOGIN_NOT_ALLOWED` (a login with
   * a link-only entry), `IDENTITY_ALREADY_LINKED` (owned by another user;
   * nothing changes), `ACCOUNT_EXISTS` (a new account would take an
   * existing email), `ACCOUNT_DISABLED`.
   */
  async signIn(
    entry: SignInEntry,
    profile: MappedProfile,
    tokens: ProviderTokens,
    options: ProviderSignInOptions,
  ): Promise<ProviderSignInResult> {
    assertProfileId(profile);
    const found = await this.identities.findOne({
      where: {provider: entry.provider, externalId: profile.externalId},
    });
    const existing = found && (await this.accounts.unlessOrphan(found));
    return options.mode === 'link'
      ? this.link(entry, profile, tokens, existing, options)
      : this.login(entry, profile, tokens, existing, options);
  }

  private async link(
    entry: SignInEntry,
    profile: MappedProfile,
    tokens: ProviderTokens,
    existing: UserIdentity | null,
    options: ProviderSignInOptions,
  ): Promise<ProviderSignInResult> {
    assertModeAllowed(entry, 'link');
    const user = await this.usableUser(options.linkUserId);
    if (existing && existing.userId !== user.id) {
      await this.refuse(entry, user.id, 'identity_already_linked', options);
      throw alreadyLinked();
    }
    const identity = await this.attach(entry, user, profile, tokens, options);
    if (!existing) {
      await this.record('identity.linked', user.id, options, {
        provider: entry.provider,
        entry: entry.name,
        ...(options.confirmed ? {confirmed: true} : {}),
      });
    }
    return {user, identity, created: false, linked: !existing};
  }

  private async login(
    entry: SignInEntry,
    profile: MappedProfile,
    tokens: ProviderTokens,
    existing: UserIdentity | null,
    options: ProviderSignInOptions,
  ): Promise<ProviderSignInResult> {
    assertModeAllowed(entry, 'login');
    let result: ProviderSignInResult;
    if (existing) {
      const user = await this.usableUser(existing.userId);
      const identity = await this.attach(entry, user, profile, tokens, options);
      result = {user, identity, created: false, linked: false};
    } else {
      result = await this.firstLogin(entry, profile, tokens, options);
    }
    await this.users.updateById(result.user.id, {
      lastLoginAt: new Date(this.clock.now()),
    });
    // A directory's groups decide its roles at each sign-in, removals too.
    if (profile.groups && this.directoryRoles) {
      await this.directoryRoles.apply(
        entry,
        result.user.id,
        profile.groups,
        options.context ?? {},
      );
    }
    await this.record('login.succeeded', result.user.id, options, {
      authMethod: entry.name,
      authScheme: entry.authScheme,
      provider: entry.provider,
    });
    return result;
  }

  /** No identity yet: link by verified email, or create a new user. */
  private async firstLogin(
    entry: SignInEntry,
    profile: MappedProfile,
    tokens: ProviderTokens,
    options: ProviderSignInOptions,
  ): Promise<ProviderSignInResult> {
    const local = profile.email
      ? await this.users.findByEmail(profile.email)
      : null;
    if (local) {
      if (!mayLinkByEmail(entry, profile, local)) {
        await this.refuse(entry, local.id, 'account_exists', options);
        throw accountExists();
      }
      const user = await this.usableUser(local.id);
      const identity = await this.attach(entry, user, profile, tokens, options);
      await this.record('identity.linked', user.id, options, {
        provider: entry.provider,
        entry: entry.name,
        byEmail: true,
      });
      return {user, identity, created: false, linked: true};
    }
    return this.createUser(entry, profile, tokens, options);
  }

  private async createUser(
    entry: SignInEntry,
    profile: MappedProfile,
    tokens: ProviderTokens,
    options: ProviderSignInOptions,
  ): Promise<ProviderSignInResult> {
    const userId = randomUUID();
    // One unit, the user last: without transactions (MongoDB) a crash
    // before it leaves an identity without a user, which signIn cleans up.
    const written = await this.units.run(async unit => {
      const identity = await this.accounts.save(
        entry,
        userId,
        profile,
        tokens,
        {applicationId: options.applicationId},
        unit,
      );
      const user = await this.users
        .create({id: userId, ...newUserFields(entry, profile)}, unit.options)
        .catch(err => {
          // Someone took the address since the lookup above.
          if ((err as AppError).code === 'EMAIL_TAKEN') throw accountExists();
          throw err;
        });
      return {user, identity};
    });
    const {user, identity} = written;
    await this.record('user.signed_up', user.id, options, {
      provider: entry.provider,
      entry: entry.name,
    });
    return {user, identity, created: true, linked: false};
  }

  private async attach(
    entry: SignInEntry,
    user: User,
    profile: MappedProfile,
    tokens: ProviderTokens,
    options: ProviderSignInOptions,
  ): Promise<UserIdentity> {
    return this.accounts.save(entry, user.id, profile, tokens, {
      applicationId: options.applicationId,
    });
  }

  private async usableUser(userId: string | undefined): Promise<User> {
    const user = userId
      ? await this.users.findOne({where: {id: userId}})
      : null;
    if (!user || user.disabled) {
      throw new AppError(
        'ACCOUNT_DISABLED',
        'This account no longer exists or is disabled.',
      );
    }
    return user;
  }

  private async refuse(
    entry: SignInEntry,
    userId: string,
    reason: string,
    options: ProviderSignInOptions,
  ): Promise<void> {
    await this.record('identity.link_refused', userId, options, {
      provider: entry.provider,
      entry: entry.name,
      reason,
    });
  }

  /** Every event of a provider sign-in is about its client and request. */
  private async record(
    type: AuditEventType,
    userId: string,
    options: ProviderSignInOptions,
    details: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.record(type, {
      userId,
      applicationId: options.applicationId,
      context: options.context,
      details,
    });
  }
}
