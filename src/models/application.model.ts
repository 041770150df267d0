import {hasMany, model, property} from '@loopback/repository';
import {
  ApplicationCredential,
  ApplicationCredentialWithRelations,
} from './application-credential.model';
import {lookupIndex, modelSettings} from './model-settings';
import {TimestampedEntity} from './timestamped-entity.model';

export type ApplicationType = 'public' | 'confidential';

/** A client application; its id is the OAuth client id. */
@model({
  settings: modelSettings(lookupIndex('application_ownerid_ix', ['ownerId'])),
})
export class Application extends TimestampedEntity {
  @property({type: 'string', required: true})
  name: string;

  /**
   * The user who registered it. Absent for the first-party application
   * (`web`), which belongs to the service itself: only admins manage it.
   */
  @property({type: 'string'})
  ownerId?: string;

  @property({
    type: 'string',
    required: true,
    jsonSchema: {enum: ['public', 'confidential']},
  })
  type: ApplicationType;

  @property.array(String, {default: [], postgresql: {dataType: 'jsonb'}})
  redirectUris: string[];

  @property.array(String, {default: [], postgresql: {dataType: 'jsonb'}})
  allowedOrigins: string[];

  /** Confidential clients only. */
  @property({type: 'string', hidden: true})
  secretHash?: string;

  @property({type: 'boolean', default: false})
  disabled: boolean;

  /**
   * Tokens issued to a first-party application may manage the account;
   * any other application's tokens may only read the profile and sign out.
   * Only an admin sets it; `web` always is.
   */
  @property({type: 'boolean', default: false})
  firstParty: boolean;

  /**
   * The subset of `allowedOrigins` that CORS admits: origins proven by the
   * owner's own sign-in through the application, or approved by an admin.
   */
  @property.array(String, {default: [], postgresql: {dataType: 'jsonb'}})
  verifiedOrigins: string[];

  /** When `verifiedOrigins` was last filled. */
  @property({type: 'date'})
  originsVerifiedAt?: Date;

  @hasMany(() => ApplicationCredential)
  credentials: ApplicationCredential[];

  constructor(data?: Partial<Application>) {
    super(data);
  }
}

export interface ApplicationRelations {
  credentials?: ApplicationCredentialWithRelations[];
}

export type ApplicationWithRelations = Application & ApplicationRelations;
