import {BindingScope, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {ProviderEntry} from '../config/provider-entry';
import {AppError} from '../errors';
import {IdentityBindings} from '../keys';
import {UserIdentity} from '../models';
import {
  UserCredentialRepository,
  UserIdentityRepository,
} from '../repositories';
import {MappedProfile} from '../strategies/profile-mappers';
import {ProviderTokens} from '../strategies/provider-login';
import {sealTokens} from './provider-token-seal';
import {SecretBox} from './secret-box.service';

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
@injectable({scope: BindingScope.SINGLETON})
export class ProviderAccountWriter {
  constructor(
    @repository(UserIdentityRepository)
    private identities: UserIdentityRepository,
    @repository(UserCredentialRepository)
    private credentials: UserCredentialRepository,
    @inject(IdentityBindings.SECRET_BOX) private box: SecretBox,
  ) {}

  /**
   * Creates or updates `userId`'s identity and credential for the account.
   * Throws `IDENTITY_ALREADY_LINKED` when another user holds the identity,
   * including one created concurrently (the unique index decides).
   */
  async save(
    entry: ProviderEntry,
    userId: string,
    profile: MappedProfile,
    tokens: ProviderTokens,
    {applicationId}: {applicationId?: string} = {},
  ): Promise<UserIdentity> {
    const key = {provider: entry.provider, externalId: profile.externalId};
    const fields = {
      ...key,
      authScheme: entry.authScheme,
      profile: storedProfile(profile),
    };
    let identity = await this.identities.findOne({where: key});
    if (identity && identity.userId !== userId) {
      throw new AppError(
        'IDENTITY_ALREADY_LINKED',
        'This third-party account is already linked to another user.',
      );
    }
    if (identity) {
      await this.identities.updateById(identity.id, {profile: fields.profile});
      identity = await this.identities.findById(identity.id);
    } else {
      identity = await this.identities.create({
        ...fields,
        userId,
        ...(applicationId ? {applicationId} : {}),
      });
    }
    await this.saveCredential(userId, fields, tokens, applicationId);
    return identity;
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
  ): Promise<void> {
    const where = {
      userId,
      provider: fields.provider,
      externalId: fields.externalId,
    };
    const sealed = sealTokens(this.box, tokens);
    const current = await this.credentials.findOne({where});
    if (current) {
      await this.credentials.updateById(current.id, {
        profile: fields.profile,
        credentials: sealed,
      });
      return;
    }
    await this.credentials.create({
      ...fields,
      userId,
      credentials: sealed,
      ...(applicationId ? {applicationId} : {}),
    });
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
