import {Getter, inject} from '@loopback/core';
import {BelongsToAccessor, juggler, repository} from '@loopback/repository';
import {IdentityBindings} from '../keys';
import {MfaFactor, MfaFactorRelations, User} from '../models';
import {Clock} from '../services/platform/clock';
import {CrudRepositoryBase} from './crud-repository-base';
import type {UserRepository} from './user.repository';

export class MfaFactorRepository extends CrudRepositoryBase<
  MfaFactor,
  MfaFactorRelations
> {
  readonly user: BelongsToAccessor<User, string>;

  constructor(
    @inject(IdentityBindings.DATASOURCE) dataSource: juggler.DataSource,
    @repository.getter('UserRepository')
    userRepository: Getter<UserRepository>,
    @inject(IdentityBindings.CLOCK, {optional: true}) clock?: Clock,
  ) {
    super(MfaFactor, dataSource, clock);
    this.user = this.createBelongsToAccessorFor('user', userRepository);
    this.registerInclusionResolver('user', this.user.inclusionResolver);
  }
}
