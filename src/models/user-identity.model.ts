import {belongsTo, model} from '@loopback/repository';
import {lookupIndex, modelSettings, uniqueIndex} from './model-settings';
import {ProviderAccount} from './provider-account.model';
import {User, UserWithRelations} from './user.model';

/** A third-party account a user signs in with. */
@model({
  settings: modelSettings({
    useridentity_provider_externalid_uq: uniqueIndex([
      'provider',
      'externalId',
    ]),
    useridentity_userid_ix: lookupIndex(['userId']),
  }),
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
