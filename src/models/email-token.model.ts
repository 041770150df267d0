import {model, property} from '@loopback/repository';
import {lookupIndex, modelSettings, uniqueIndex} from './model-settings';
import {TimestampedEntity} from './timestamped-entity.model';

/** `email-change`: the link that moves the account to its `email`. */
export type EmailTokenPurpose = 'verify' | 'reset' | 'email-change';

/** A single-use link token mailed to a user, stored as its digest. */
@model({
  settings: modelSettings(
    uniqueIndex('emailtoken_tokenhash_uq', ['tokenHash']),
    lookupIndex('emailtoken_userid_ix', ['userId']),
    // The retention job deletes expired tokens.
    lookupIndex('emailtoken_expiresat_ix', ['expiresAt']),
  ),
})
export class EmailToken extends TimestampedEntity {
  @property({type: 'string', required: true})
  userId: string;

  @property({
    type: 'string',
    required: true,
    jsonSchema: {enum: ['verify', 'reset', 'email-change']},
  })
  purpose: EmailTokenPurpose;

  /** SHA-256 digest of the token; the token itself is only in the mail. */
  @property({type: 'string', required: true, hidden: true})
  tokenHash: string;

  @property({type: 'date', required: true})
  expiresAt: Date;

  @property({type: 'date'})
  usedAt?: Date;

  /**
   * The address the link was mailed to. A link proves only that address:
   * after an email change it must not verify the new one.
   */
  @property({type: 'string'})
  email?: string;

  constructor(data?: Partial<EmailToken>) {
    super(data);
  }
}

export type EmailTokenWithRelations = EmailToken;
