import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {Options, repository} from '@loopback/repository';
import {AppError} from '../../../errors';
import {PlatformBindings, SharedBindings} from '../../platform/keys';
import {ProviderBindings} from '../keys';
import {UserIdentity} from '../../../models';
import {
  Unit,
  UnitOfWork,
  UserCredentialRepository,
  UserIdentityRepository,
  UserRepository,
} from '../../../repositories';
import {MappedProfile} from '../profile-mappers';
import {ProviderTokens} from '../provider-login';
import {sealTokens} from '../provider-token-seal';
import {Clock} from '../../platform/clock';
import type {SignInEntry} from './provider-sign-in-rules';
import {SecretBox} from '../../platform/secret-box.service';

/** Far longer than any sign-up takes between its identity and its user. */
const ORPHAN_AGE_MS = 60_000;

/** The trimmed profile an identity keeps: what an account page shows. */
export interface StoredProfile {
  displayName?: string;
  email?: string;
  emailVerified?: boolean;
  username?: string;
  photo?: string;
}

/**
 * Stores a provider account for a user: the UserIdentity it signs in with
 * and the UserCredential holding its sealed tokens, refreshed on every
 * sign-in. Decides nothing about who may own it; ProviderSignInService does.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.PROVIDER_ACCOUNT_WRITER},
})
export class ProviderAccountWriter {
  constructor(
    @repository(UserIdentityRepository)
    private identities: UserIdentityRepository,
    @repository(UserCredentialRepository)
    private credentials: UserCredentialRepository,
    @inject(PlatformBindings.SECRET_BOX) private box: SecretBox,
    @inject(SharedBindings.UNIT_OF_WORK) private units: UnitOfWork,
    @repository(UserRepository) private users: UserRepository,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {}

  /**
   * Creates or updates `userId`'s identity and credential for the account,
   * as one unit: `unit` when given (the caller writes more with them), else
   * a unit of their own. Throws `IDENTITY_ALREADY_LINKED` when another user
   * holds the identity, including one created concurrently (the unique
   * index decides).
   */
  async save(
    entry: SignInEntry,
    userId: string,
    profile: MappedProfile,
    tokens: ProviderTokens,
    {applicationId}: {applicationId?: string} = {},
    unit?: Unit,
  ): Promise<UserIdentity> {
    if (!unit) {
      return this.units.run(own =>
        this.save(entry, userId, profile, tokens, {applicationId}, own),
      );
    }
    const {options} = unit;
    const key = {provider: entry.provider, externalId: profile.externalId};
    const fields = {
      ...key,
      authScheme: entry.authScheme,
      profile: storedProfile(profile),
    };
    let identity = await this.identities.findOne({where: key}, options);
    if (identity && identity.userId !== userId) {
      throw new AppError(
        'IDENTITY_ALREADY_LINKED',
        'This third-party account is already linked to another user.',
      );
    }
    if (identity) {
      await this.identities.updateById(
        identity.id,
        {profile: fields.profile},
        options,
      );
      identity = await this.identities.findById(
        identity.id,
        undefined,
        options,
      );
    } else {
      // Without transactions, a failure further on must not leave it behind.
      unit.onRollback(() => this.remove(userId, key));
      identity = await this.identities.create(
        {...fields, userId, ...(applicationId ? {applicationId} : {})},
        options,
      );
    }
    await this.saveCredential(userId, fields, tokens, applicationId, unit);
    return identity;
  }

  /**
   * `identity`, or null when it is the leftover of a provider sign-up that
   * died before writing its user (possible only without transactions):
   * such an identity is removed, so the account can sign up again. A young
   * one may belong to a sign-up still under way and is left alone.
   */
  async unlessOrphan(identity: UserIdentity): Promise<UserIdentity | null> {
    if (this.units.transactional) return identity;
    const age = this.clock.now() - new Date(identity.created).getTime();
    if (age < ORPHAN_AGE_MS || (await this.users.exists(identity.userId))) {
      return identity;
    }
    await this.remove(identity.userId, identity);
    return null;
  }

  /** Removes `userId`'s identity and credential of one provider account. */
  async remove(
    userId: string,
    key: {provider: string; externalId: string},
    options: Options = {},
  ): Promise<void> {
    // The credential first: an identity left by a crash in between still
    // signs in and gets a new credential; a credential alone would be listed.
    const where = {provider: key.provider, externalId: key.externalId, userId};
    await this.credentials.deleteAll(where, options);
    await this.identities.deleteAll(where, options);
  }

  private async saveCredential(
    userId: string,
    fields: {
      provider: string;
      externalId: string;
      authScheme: string;
      profile: StoredProfile;
    },
    tokens: ProviderTokens,
    applicationId: string | undefined,
    {options, onRollback}: Unit,
  ): Promise<void> {
    const where = {
      userId,
      provider: fields.provider,
      externalId: fields.externalId,
    };
    const sealed = sealTokens(this.box, tokens);
    const current = await this.credentials.findOne({where}, options);
    if (current) {
      await this.credentials.updateById(
        current.id,
        {profile: fields.profile, credentials: sealed},
        options,
      );
      return;
    }
    onRollback(() => this.credentials.deleteAll(where));
    await this.credentials.create(
      {
        ...fields,
        userId,
        credentials: sealed,
        ...(applicationId ? {applicationId} : {}),
      },
      options,
    );
  }
}

/** Only what a person would recognise; no raw payload, no token. */
export function storedProfile(profile: MappedProfile): StoredProfile {
  const stored: StoredProfile = {
    displayName: profile.name,
    email: profile.email,
    emailVerified: profile.email ? profile.emailVerified === true : undefined,
    username: profile.username,
    photo: profile.photo,
  };
  return Object.fromEntries(
    Object.entries(stored).filter(([, v]) => v !== undefined),
  ) as StoredProfile;
}
