import {inject} from '@loopback/core';
import {juggler} from '@loopback/repository';
import {IdentityBindings} from '../keys';
import {EmailToken} from '../models';
import {Clock} from '../services/platform/clock';
import {CrudRepositoryBase} from './crud-repository-base';

export class EmailTokenRepository extends CrudRepositoryBase<EmailToken> {
  protected override readonly timeOrderedIds = true;

  constructor(
    @inject(IdentityBindings.DATASOURCE) dataSource: juggler.DataSource,
    @inject(IdentityBindings.CLOCK, {optional: true}) clock?: Clock,
  ) {
    super(EmailToken, dataSource, clock);
  }
}
