import {model, property} from '@loopback/repository';
import {lookupIndex, modelSettings} from './model-settings';
import {TimestampedEntity} from './timestamped-entity.model';

/** Something security-relevant that happened; append-only. */
@model({
  settings: modelSettings(
    lookupIndex('auditevent_userid_ix', ['userId']),
    // The retention job deletes events older than AUDIT_RETENTION.
    lookupIndex('auditevent_created_ix', ['created']),
  ),
})
export class AuditEvent extends TimestampedEntity {
  /** e.g. `login.succeeded`, `identity.linked`. */
  @property({type: 'string', required: true})
  type: string;

  @property({type: 'string'})
  userId?: string;

  @property({type: 'string'})
  applicationId?: string;

  /** Absent for events with no request, such as the first admin's creation. */
  @property({type: 'string'})
  ip?: string;

  // Required rather than defaulted: a default object would be one instance
  // shared by every event that omits it.
  @property({type: 'object', required: true, postgresql: {dataType: 'jsonb'}})
  details: object;

  constructor(data?: Partial<AuditEvent>) {
    super(data);
  }
}

export type AuditEventWithRelations = AuditEvent;
