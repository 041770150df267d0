import {belongsTo, model, property} from '@loopback/repository';
import {Application, ApplicationWithRelations} from './application.model';
import {lookupIndex, modelSettings, uniqueIndex} from './model-settings';
import {TimestampedEntity} from './timestamped-entity.model';
import {User, UserWithRelations} from './user.model';

/** A user has at most one consent per application; it grows as they grant more. */
export const CONSENT_INDEX = 'consent_userid_applicationid_uq';

/**
 * What a user allowed a third-party application: the scopes, and the
 * resources (by identifier) it may get tokens for. Remembered so the
 * consent page is shown once; revocable by the user; removed with the
 * user or the application.
 */
@model({
  settings: modelSettings(
    uniqueIndex(CONSENT_INDEX, ['userId', 'applicationId']),
    // Deleting an application removes its consents; the unique index
    // already serves lookups by user.
    lookupIndex('consent_applicationid_ix', ['applicationId']),
  ),
})
export class Consent extends TimestampedEntity {
  @belongsTo(() => User, {name: 'user'}, {required: true})
  userId: string;

  @belongsTo(() => Application, {name: 'application'}, {required: true})
  applicationId: string;

  @property.array(String, {default: [], postgresql: {dataType: 'jsonb'}})
  scopes: string[];

  /** Resource identifiers (the `aud` values), not Resource ids. */
  @property.array(String, {default: [], postgresql: {dataType: 'jsonb'}})
  resources: string[];

  constructor(data?: Partial<Consent>) {
    super(data);
  }
}

export interface ConsentRelations {
  user?: UserWithRelations;
  application?: ApplicationWithRelations;
}

export type ConsentWithRelations = Consent & ConsentRelations;
