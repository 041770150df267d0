import {Getter, inject} from '@loopback/core';
import {BelongsToAccessor, juggler, repository} from '@loopback/repository';
import {IdentityBindings} from '../keys';
import {Application, Session, SessionRelations, User} from '../models';
import {Clock} from '../services/platform/clock';
import type {ApplicationRepository} from './application.repository';
import {CrudRepositoryBase} from './crud-repository-base';
import type {UserRepository} from './user.repository';

export class SessionRepository extends CrudRepositoryBase<
  Session,
  SessionRelations
> {
  protected override readonly timeOrderedIds = true;

  readonly user: BelongsToAccessor<User, string>;
  readonly application: BelongsToAccessor<Application, string>;

  constructor(
    @inject(IdentityBindings.DATASOURCE) dataSource: juggler.DataSource,
    @repository.getter('UserRepository')
    userRepository: Getter<UserRepository>,
    @repository.getter('ApplicationRepository')
    applicationRepository: Getter<ApplicationRepository>,
    @inject(IdentityBindings.CLOCK, {optional: true}) clock?: Clock,
  ) {
    super(Session, dataSource, clock);
    this.user = this.createBelongsToAccessorFor('user', userRepository);
    this.registerInclusionResolver('user', this.user.inclusionResolver);
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
