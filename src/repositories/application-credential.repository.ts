import {Getter, inject} from '@loopback/core';
import {BelongsToAccessor, juggler, repository} from '@loopback/repository';
import {IdentityBindings} from '../keys';
import {
  Application,
  ApplicationCredential,
  ApplicationCredentialRelations,
} from '../models';
import {Clock} from '../services/platform/clock';
import type {ApplicationRepository} from './application.repository';
import {CrudRepositoryBase} from './crud-repository-base';

export class ApplicationCredentialRepository extends CrudRepositoryBase<
  ApplicationCredential,
  ApplicationCredentialRelations
> {
  readonly application: BelongsToAccessor<Application, string>;

  constructor(
    @inject(IdentityBindings.DATASOURCE) dataSource: juggler.DataSource,
    @repository.getter('ApplicationRepository')
    applicationRepository: Getter<ApplicationRepository>,
    @inject(IdentityBindings.CLOCK, {optional: true}) clock?: Clock,
  ) {
    super(ApplicationCredential, dataSource, clock);
    this.application = this.createBelongsToAccessorFor(
      'application',
      applicationRepository,
    );
    this.registerInclusionResolver(
      'application',
      this.application.inclusionResolver,
    );
  }
}
