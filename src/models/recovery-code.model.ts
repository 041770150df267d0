import {belongsTo, model, property} from '@loopback/repository';
import {lookupIndex, modelSettings} from './model-settings';
import {TimestampedEntity} from './timestamped-entity.model';
import {User, UserWithRelations} from './user.model';

/**
 * One of a user's ten single-use recovery codes, for when every factor is
 * lost. Only its SHA-256 digest is kept; the codes are shown once.
 */
@model({
  settings: modelSettings(lookupIndex('recoverycode_userid_ix', ['userId'])),
})
export class RecoveryCode extends TimestampedEntity {
  @belongsTo(() => User, {name: 'user'}, {required: true})
  userId: string;

  @property({type: 'string', required: true, hidden: true})
  codeHash: string;

  @property({type: 'date'})
  usedAt?: Date;

  constructor(data?: Partial<RecoveryCode>) {
    super(data);
  }
}

export interface RecoveryCodeRelations {
  user?: UserWithRelations;
}

export type RecoveryCodeWithRelations = RecoveryCode & RecoveryCodeRelations;
