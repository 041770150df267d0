import {belongsTo, model, property} from '@loopback/repository';
import {Application, ApplicationWithRelations} from './application.model';
import {modelSettings, uniqueIndex} from './model-settings';
import {TimestampedEntity} from './timestamped-entity.model';

/** A client application's own credentials for one provider. */
@model({
  settings: modelSettings(
    uniqueIndex('applicationcredential_applicationid_provider_uq', [
      'applicationId',
      'provider',
    ]),
  ),
})
export class ApplicationCredential extends TimestampedEntity {
  @belongsTo(() => Application, {name: 'application'}, {required: true})
  applicationId: string;

  @property({type: 'string', required: true})
  provider: string;

  @property({type: 'string', required: true})
  authScheme: string;

  /** `clientID`, `clientSecret`, `callbackURL` or OAuth 1 keys; secrets encrypted by the caller. */
  @property({
    type: 'object',
    required: true,
    hidden: true,
    postgresql: {dataType: 'jsonb'},
  })
  credentials: object;

  constructor(data?: Partial<ApplicationCredential>) {
    super(data);
  }
}

export interface ApplicationCredentialRelations {
  application?: ApplicationWithRelations;
}

export type ApplicationCredentialWithRelations = ApplicationCredential &
  ApplicationCredentialRelations;
