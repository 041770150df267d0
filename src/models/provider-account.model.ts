import {model, property} from '@loopback/repository';
import {TimestampedEntity} from './timestamped-entity.model';

/**
 * What a third-party account looks like, shared by the identity a user
 * signs in with (UserIdentity) and the linked account whose tokens the
 * service keeps (UserCredential).
 */
@model()
export class ProviderAccount extends TimestampedEntity {
  /** The providers.json entry's `provider`, e.g. `google`. */
  @property({type: 'string', required: true})
  provider: string;

  @property({type: 'string', required: true})
  authScheme: string;

  /** The provider's id for the account; never used as our primary key. */
  @property({type: 'string', required: true})
  externalId: string;

  /** A trimmed copy of the provider's profile. */
  @property({type: 'object', required: true, postgresql: {dataType: 'jsonb'}})
  profile: object;

  /** Provider tokens, encrypted by the caller. */
  @property({type: 'object', hidden: true, postgresql: {dataType: 'jsonb'}})
  credentials?: object;

  /** The client application the account was linked through, if any. */
  @property({type: 'string'})
  applicationId?: string;
}
