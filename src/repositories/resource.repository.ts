import {inject} from '@loopback/core';
import {juggler} from '@loopback/repository';
import {IdentityBindings} from '../keys';
import {Resource} from '../models';
import {Clock} from '../services/platform/clock';
import {CrudRepositoryBase} from './crud-repository-base';

export class ResourceRepository extends CrudRepositoryBase<Resource> {
  constructor(
    @inject(IdentityBindings.DATASOURCE) dataSource: juggler.DataSource,
    @inject(IdentityBindings.CLOCK, {optional: true}) clock?: Clock,
  ) {
    super(Resource, dataSource, clock);
  }
}
