import {hasMany, model, property} from '@loopback/repository';
import {
  ApplicationCredential,
  ApplicationCredentialWithRelations,
} from './application-credential.model';
import {lookupIndex, modelSettings} from './model-settings';
import {Consent, ConsentWithRelations} from './consent.model';
import {TimestampedEntity} from './timestamped-entity.model';

export type ApplicationType = 'public' | 'confidential';

/** RFC 8693 token exchange, as a `grant_type` value. */
export const TOKEN_EXCHANGE_GRANT =
  'urn:ietf:params:oauth:grant-type:token-exchange';

/** The grants an application may be allowed at the token endpoint. */
export const GRANT_TYPES = [
  'authorization_code',
  'refresh_token',
  'client_credentials',
  TOKEN_EXCHANGE_GRANT,
] as const;

export type GrantType = (typeof GRANT_TYPES)[number];

/** What an application may do when it never said: sign users in and stay signed in. */
export const DEFAULT_GRANT_TYPES: readonly GrantType[] = [
  'authorization_code',
  'refresh_token',
];

/** The JWS algorithms an application may ask its ID tokens to be signed with. */
export const ID_TOKEN_ALGS = ['RS256', 'ES256', 'EdDSA'] as const;

export type IdTokenAlg = (typeof ID_TOKEN_ALGS)[number];

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

  /** OAuth grants it may use (RFC 7591 `grant_types`); absent on rows older than the field: DEFAULT_GRANT_TYPES. */
  @property.array(String, {
    default: [...DEFAULT_GRANT_TYPES],
    postgresql: {dataType: 'jsonb'},
  })
  grantTypes: GrantType[];

  /** Resource scopes it may ask for, beyond the OpenID Connect ones. */
  @property.array(String, {default: [], postgresql: {dataType: 'jsonb'}})
  scopes: string[];

  /** Where RP-initiated logout may send the browser back to; matched exactly. */
  @property.array(String, {default: [], postgresql: {dataType: 'jsonb'}})
  postLogoutRedirectUris: string[];

  /** Its ID tokens' signing algorithm; the service's TOKEN_SIGNING_ALG when absent. */
  @property({type: 'string', jsonSchema: {enum: [...ID_TOKEN_ALGS]}})
  idTokenSignedResponseAlg?: IdTokenAlg;

  @hasMany(() => ApplicationCredential)
  credentials: ApplicationCredential[];

  @hasMany(() => Consent)
  consents: Consent[];

  constructor(data?: Partial<Application>) {
    super(data);
  }
}

export interface ApplicationRelations {
  credentials?: ApplicationCredentialWithRelations[];
  consents?: ConsentWithRelations[];
}

export type ApplicationWithRelations = Application & ApplicationRelations;
