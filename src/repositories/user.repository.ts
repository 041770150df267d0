import {Getter, inject} from '@loopback/core';
import {
  DataObject,
  HasManyRepositoryFactory,
  HasOneRepositoryFactory,
  juggler,
  repository,
} from '@loopback/repository';
import {IdentityBindings} from '../keys';
import {
  Consent,
  PasswordCredential,
  Session,
  User,
  UserCredential,
  UserIdentity,
  UserRelations,
} from '../models';
import {Clock} from '../services/platform/clock';
import type {ConsentRepository} from './consent.repository';
import {CrudRepositoryBase} from './crud-repository-base';
import type {PasswordCredentialRepository} from './password-credential.repository';
import type {SessionRepository} from './session.repository';
import type {UserCredentialRepository} from './user-credential.repository';
import type {UserIdentityRepository} from './user-identity.repository';

export class UserRepository extends CrudRepositoryBase<User, UserRelations> {
  readonly identities: HasManyRepositoryFactory<UserIdentity, string>;
  readonly credentials: HasManyRepositoryFactory<UserCredential, string>;
  readonly sessions: HasManyRepositoryFactory<Session, string>;
  readonly passwordCredential: HasOneRepositoryFactory<
    PasswordCredential,
    string
  >;
  readonly consents: HasManyRepositoryFactory<Consent, string>;

  constructor(
    @inject(IdentityBindings.DATASOURCE) dataSource: juggler.DataSource,
    @repository.getter('UserIdentityRepository')
    identityRepository: Getter<UserIdentityRepository>,
    @repository.getter('UserCredentialRepository')
    credentialRepository: Getter<UserCredentialRepository>,
    @repository.getter('SessionRepository')
    sessionRepository: Getter<SessionRepository>,
    @repository.getter('PasswordCredentialRepository')
    passwordRepository: Getter<PasswordCredentialRepository>,
    @repository.getter('ConsentRepository')
    consentRepository: Getter<ConsentRepository>,
    @inject(IdentityBindings.CLOCK, {optional: true}) clock?: Clock,
  ) {
    super(User, dataSource, clock);
    this.identities = this.createHasManyRepositoryFactoryFor(
      'identities',
      identityRepository,
    );
    this.registerInclusionResolver(
      'identities',
      this.identities.inclusionResolver,
    );
    this.credentials = this.createHasManyRepositoryFactoryFor(
      'credentials',
      credentialRepository,
    );
    this.registerInclusionResolver(
      'credentials',
      this.credentials.inclusionResolver,
    );
    this.sessions = this.createHasManyRepositoryFactoryFor(
      'sessions',
      sessionRepository,
    );
    this.registerInclusionResolver('sessions', this.sessions.inclusionResolver);
    this.passwordCredential = this.createHasOneRepositoryFactoryFor(
      'passwordCredential',
      passwordRepository,
    );
    this.registerInclusionResolver(
      'passwordCredential',
      this.passwordCredential.inclusionResolver,
    );
    this.consents = this.createHasManyRepositoryFactoryFor(
      'consents',
      consentRepository,
    );
  }

  /** The user with this email, compared the way it is stored (lower-case). */
  async findByEmail(email: string): Promise<User | null> {
    return this.findOne({where: {email: normalizeEmail(email)}});
  }

  /**
   * The user a sign-in name denotes: an email when it contains `@`,
   * otherwise a username (usernames must therefore never contain `@`).
   */
  async findByLogin(login: string): Promise<User | null> {
    return login.includes('@')
      ? this.findByEmail(login)
      : this.findOne({where: {username: login}});
  }

  protected override normalize(data: DataObject<User>): DataObject<User> {
    if (typeof data.email !== 'string') return data;
    return {...data, email: normalizeEmail(data.email)};
  }
}

/** Emails are compared case-insensitively by storing them lower-case. */
export function normalizeEmail(email: string): string {
  return email.toLowerCase();
}
