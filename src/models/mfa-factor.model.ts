import {belongsTo, model, property} from '@loopback/repository';
import {lookupIndex, modelSettings, uniqueIndex} from './model-settings';
import {TimestampedEntity} from './timestamped-entity.model';
import {User, UserWithRelations} from './user.model';

export type MfaFactorType = 'totp' | 'webauthn';

/**
 * A second factor of a user (DESIGN §9): an authenticator app's TOTP
 * secret, or a passkey (WebAuthn credential). Only a confirmed factor
 * (`confirmedAt` set) counts: a TOTP enrolment is confirmed with a first
 * code, a passkey when its registration verifies.
 */
@model({
  settings: modelSettings(
    lookupIndex('mfafactor_userid_ix', ['userId']),
    // The retention job's search for enrolments never confirmed: a range
    // of the NULL confirmedAt entries, never a scan of the factors in use.
    lookupIndex('mfafactor_confirmedat_created_ix', ['confirmedAt', 'created']),
    // A passkey sign-in names its credential, never its user.
    uniqueIndex('mfafactor_credentialid_uq', ['credentialId'], {
      optional: true,
    }),
  ),
})
export class MfaFactor extends TimestampedEntity {
  @belongsTo(() => User, {name: 'user'}, {required: true})
  userId: string;

  @property({
    type: 'string',
    required: true,
    jsonSchema: {enum: ['totp', 'webauthn']},
  })
  type: MfaFactorType;

  /** The owner's name for it ("Phone", "YubiKey"). */
  @property({type: 'string', required: true})
  name: string;

  /** TOTP: the shared secret, sealed (AES-256-GCM under APP_SECRET). */
  @property({type: 'string', hidden: true})
  secret?: string;

  /** WebAuthn: the credential id, base64url. */
  @property({type: 'string'})
  credentialId?: string;

  /** WebAuthn: the COSE public key, base64url. */
  @property({type: 'string', hidden: true})
  publicKey?: string;

  /** WebAuthn: the last signature counter seen (0 when it keeps none). */
  @property({type: 'number', postgresql: {dataType: 'bigint'}})
  counter?: number;

  /** WebAuthn: how the browser may reach the authenticator (`usb`, `internal`…). */
  @property.array(String, {postgresql: {dataType: 'jsonb'}})
  transports?: string[];

  /** WebAuthn: a backup-eligible (synced) credential: `swk` rather than `hwk`. */
  @property({type: 'boolean'})
  backupEligible?: boolean;

  @property({type: 'date'})
  confirmedAt?: Date;

  @property({type: 'date'})
  lastUsedAt?: Date;

  constructor(data?: Partial<MfaFactor>) {
    super(data);
  }
}

export interface MfaFactorRelations {
  user?: UserWithRelations;
}

export type MfaFactorWithRelations = MfaFactor & MfaFactorRelations;
