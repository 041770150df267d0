import {belongsTo, model} from '@loopback/repository';
import {modelSettings, uniqueIndex} from './model-settings';
import {ProviderAccount} from './provider-account.model';
import {User, UserWithRelations} from './user.model';

/** A linked third-party account whose tokens the service keeps. */
@model({
  // Leads with userId, so the unique index also serves the relation.
  settings: modelSettings(
    uniqueIndex('usercredential_userid_provider_externalid_uq', [
      'userId',
      'provider',
      'externalId',
    ]),
  ),
})
export class UserCredential extends ProviderAccount {
  @belongsTo(() => User, {name: 'user'}, {required: true})
  userId: string;

  constructor(data?: Partial<UserCredential>) {
    super(data);
  }
}

export interface UserCredentialRelations {
  user?: UserWithRelations;
}

export type UserCredentialWithRelations = UserCredential &
  UserCredentialRelations;
