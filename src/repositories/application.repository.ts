import {Getter, inject} from '@loopback/core';
import {
  HasManyRepositoryFactory,
  juggler,
  repository,
} from '@loopback/repository';
import {IdentityBindings} from '../keys';
import {
  Application,
  ApplicationCredential,
  ApplicationRelations,
  Consent,
} from '../models';
import {Clock} from '../services/platform/clock';
import type {ApplicationCredentialRepository} from './application-credential.repository';
import type {ConsentRepository} from './consent.repository';
import {CrudRepositoryBase} from './crud-repository-base';

export class ApplicationRepository extends CrudRepositoryBase<
  Application,
  ApplicationRelations
> {
  readonly credentials: HasManyRepositoryFactory<ApplicationCredential, string>;
  readonly consents: HasManyRepositoryFactory<Consent, string>;

  constructor(
    @inject(IdentityBindings.DATASOURCE) dataSource: juggler.DataSource,
    @repository.getter('ApplicationCredentialRepository')
    credentialRepository: Getter<ApplicationCredentialRepository>,
    @repository.getter('ConsentRepository')
    consentRepository: Getter<ConsentRepository>,
    @inject(IdentityBindings.CLOCK, {optional: true}) clock?: Clock,
  ) {
    super(Application, dataSource, clock);
    this.credentials = this.createHasManyRepositoryFactoryFor(
      'credentials',
      credentialRepository,
    );
    this.registerInclusionResolver(
      'credentials',
      this.credentials.inclusionResolver,
    );
    this.consents = this.createHasManyRepositoryFactoryFor(
      'consents',
      consentRepository,
    );
  }
}
