import {hasMany, hasOne, model, property} from '@loopback/repository';
import {Consent, ConsentWithRelations} from './consent.model';
import {lookupIndex, modelSettings, uniqueIndex} from './model-settings';
import {
  PasswordCredential,
  PasswordCredentialWithRelations,
} from './password-credential.model';
import {Session, SessionWithRelations} from './session.model';
import {TimestampedEntity} from './timestamped-entity.model';
import {
  UserCredential,
  UserCredentialWithRelations,
} from './user-credential.model';
import {UserIdentity, UserIdentityWithRelations} from './user-identity.model';

/** Unique index names; a violation of these answers with its own code. */
export const USER_EMAIL_INDEX = 'user_email_uq';
export const USER_USERNAME_INDEX = 'user_username_uq';

/** An account. Sign-in methods hang off it as identities and a password. */
@model({
  settings: modelSettings(
    // Optional: users from a provider that shares no email have none, and
    // many users without one must not collide (see uniqueIndex).
    uniqueIndex(USER_EMAIL_INDEX, ['email'], {optional: true}),
    uniqueIndex(USER_USERNAME_INDEX, ['username'], {optional: true}),
    // The admin list's order: read page by page from a cursor (keyset).
    lookupIndex('user_created_id_ix', ['created', 'id']),
  ),
})
export class User extends TimestampedEntity {
  /**
   * Stored lower-case; UserRepository normalises it. Absent for a user who
   * signed in with a provider that shared no address: never invented.
   */
  @property({type: 'string'})
  email?: string;

  @property({type: 'boolean', default: false})
  emailVerified: boolean;

  @property({type: 'string'})
  username?: string;

  @property({type: 'string'})
  name?: string;

  @property.array(String, {default: [], postgresql: {dataType: 'jsonb'}})
  roles: string[];

  @property({type: 'boolean', default: false})
  disabled: boolean;

  @property({type: 'date'})
  lastLoginAt?: Date;

  /**
   * Random, replaced whenever the password changes (changed, reset, set for
   * the first time): device tokens are bound to it, so that ends every
   * device token signed in with an older password (DeviceTokenService).
   * Absent until the first change. Internal: never serialised.
   */
  @property({type: 'string', hidden: true})
  deviceEpoch?: string;

  @hasMany(() => UserIdentity)
  identities: UserIdentity[];

  @hasMany(() => UserCredential)
  credentials: UserCredential[];

  @hasMany(() => Session)
  sessions: Session[];

  @hasOne(() => PasswordCredential)
  passwordCredential: PasswordCredential;

  @hasMany(() => Consent)
  consents: Consent[];

  constructor(data?: Partial<User>) {
    super(data);
  }
}

export interface UserRelations {
  identities?: UserIdentityWithRelations[];
  credentials?: UserCredentialWithRelations[];
  sessions?: SessionWithRelations[];
  passwordCredential?: PasswordCredentialWithRelations;
  consents?: ConsentWithRelations[];
}

export type UserWithRelations = User & UserRelations;
