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
