import {belongsTo, model} from '@loopback/repository';
import {lookupIndex, modelSettings, uniqueIndex} from './model-settings';
import {ProviderAccount} from './provider-account.model';
import {User, UserWithRelations} from './user.model';

/** One external account can belong to only one user. */
export const USER_IDENTITY_INDEX = 'useridentity_provider_externalid_uq';

/** A third-party account a user signs in with. */
@model({
  settings: modelSettings(
    uniqueIndex(USER_IDENTITY_INDEX, ['provider', 'externalId']),
    lookupIndex('useridentity_userid_ix', ['userId']),
  ),
})
export class UserIdentity extends ProviderAccount {
  @belongsTo(() => User, {name: 'user'}, {required: true})
  userId: string;

  constructor(data?: Partial<UserIdentity>) {
    super(data);
  }
}

export interface UserIdentityRelations {
  user?: UserWithRelations;
}

export type UserIdentityWithRelations = UserIdentity & UserIdentityRelations;
