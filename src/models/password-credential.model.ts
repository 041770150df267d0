import {belongsTo, model, property} from '@loopback/repository';
import {modelSettings, uniqueIndex} from './model-settings';
import {TimestampedEntity} from './timestamped-entity.model';
import {User, UserWithRelations} from './user.model';

/** A user's local password; at most one per user, never serialised. */
@model({
  settings: modelSettings(
    uniqueIndex('passwordcredential_userid_uq', ['userId']),
  ),
})
export class PasswordCredential extends TimestampedEntity {
  @belongsTo(() => User, {name: 'user'}, {required: true})
  userId: string;

  /** argon2id PHC string. */
  @property({type: 'string', required: true, hidden: true})
  hash: string;

  constructor(data?: Partial<PasswordCredential>) {
    super(data);
  }
}

export interface PasswordCredentialRelations {
  user?: UserWithRelations;
}

export type PasswordCredentialWithRelations = PasswordCredential &
  PasswordCredentialRelations;
