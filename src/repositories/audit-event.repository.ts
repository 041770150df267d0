import {inject} from '@loopback/core';
import {juggler} from '@loopback/repository';
import {AppError} from '../errors';
import {IdentityBindings} from '../keys';
import {AuditEvent} from '../models';
import {Clock} from '../services/platform/clock';
import {CrudRepositoryBase} from './crud-repository-base';

/**
 * Audit events are append-only: an update would let the record of what
 * happened be rewritten. Deleting stays possible, for retention.
 */
export class AuditEventRepository extends CrudRepositoryBase<AuditEvent> {
  protected override readonly timeOrderedIds = true;

  constructor(
    @inject(IdentityBindings.DATASOURCE) dataSource: juggler.DataSource,
    @inject(IdentityBindings.CLOCK, {optional: true}) clock?: Clock,
  ) {
    super(AuditEvent, dataSource, clock);
  }

  /** Refused: audit events are never changed. */
  override async updateAll(): Promise<never> {
    throw appendOnly();
  }

  /** Refused: audit events are never changed. */
  override async replaceById(): Promise<never> {
    throw appendOnly();
  }
}

function appendOnly(): AppError {
  return new AppError('INTERNAL_ERROR', 'Audit events are append-only.');
}
