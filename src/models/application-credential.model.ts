import {belongsTo, model, property} from '@loopback/repository';
import {Application, ApplicationWithRelations} from './application.model';
import {modelSettings, uniqueIndex} from './model-settings';
import {TimestampedEntity} from './timestamped-entity.model';

/** A client application's own credentials (or directory) for one entry. */
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

  /**
   * `clientID`, `clientSecret`, `callbackURL` (OAuth 1 keys alike); a SAML
   * entry's `saml` IdP; or an LDAP entry's `server`. Secrets encrypted by
   * the caller.
   */
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
