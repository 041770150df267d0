import {model, property} from '@loopback/repository';
import {modelSettings, uniqueIndex} from './model-settings';
import {TimestampedEntity} from './timestamped-entity.model';

/** A key that signs tokens; its public half is published as a JWK. */
@model({
  settings: modelSettings(uniqueIndex('signingkey_kid_uq', ['kid'])),
})
export class SigningKey extends TimestampedEntity {
  @property({type: 'string', required: true})
  kid: string;

  /**
   * JOSE algorithm (`RS256`, `ES256`, `EdDSA`): a token naming this key's
   * `kid` is verified with this algorithm and no other.
   */
  @property({type: 'string', required: true})
  alg: string;

  @property({type: 'object', required: true, postgresql: {dataType: 'jsonb'}})
  publicJwk: object;

  /** The private JWK, encrypted by the caller (AES-256-GCM envelope). */
  @property({type: 'string', required: true, hidden: true})
  privateJwk: string;

  @property({type: 'date'})
  retiredAt?: Date;

  constructor(data?: Partial<SigningKey>) {
    super(data);
  }
}

export type SigningKeyWithRelations = SigningKey;
