import {BindingScope, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../config';
import {AppError} from '../errors';
import {IdentityBindings} from '../keys';
import {User} from '../models';
import {PasswordCredentialRepository, UserRepository} from '../repositories';
import {RequestContext} from '../strategies/request-context';
import {Clock} from './clock';
import {PasswordService} from './password.service';

/**
 * Checks a login and password. Unknown login, wrong password and disabled
 * account all get the same `INVALID_CREDENTIALS` after the same argon2 work,
 * so neither the answer nor its timing tells which accounts exist.
 */
@injectable({scope: BindingScope.SINGLETON})
export class LoginService {
  constructor(
    @repository(UserRepository) private users: UserRepository,
    @repository(PasswordCredentialRepository)
    private passwords: PasswordCredentialRepository,
    @inject(IdentityBindings.PASSWORD_SERVICE)
    private hasher: PasswordService,
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(IdentityBindings.CLOCK) private clock: Clock,
  ) {}

  /**
   * The user whose email or username is `login` and whose password is
   * `password`. Throws `INVALID_CREDENTIALS`, or `EMAIL_NOT_VERIFIED` (only
   * once the password is proven) when verification is required.
   */
  async verifyPassword(
    login: string,
    password: string,
    // Used by rate limiting and audit around this call.
    _context: RequestContext = {},
  ): Promise<User> {
    const user = await this.findByLogin(login);
    const credential =
      user && !user.disabled
        ? await this.passwords.findOne({where: {userId: user.id}})
        : null;
    const valid = await this.hasher.verifyOrDummy(credential?.hash, password);
    if (!valid || !user || !credential) {
      throw new AppError(
        'INVALID_CREDENTIALS',
        'The login or the password is wrong.',
      );
    }
    if (this.hasher.needsRehash(credential.hash)) {
      await this.passwords.updateById(credential.id, {
        hash: await this.hasher.hash(password),
      });
    }
    if (this.config.requireEmailVerification && !user.emailVerified) {
      throw new AppError(
        'EMAIL_NOT_VERIFIED',
        'Confirm your email address before signing in; a new link can be sent.',
      );
    }
    await this.users.updateById(user.id, {
      lastLoginAt: new Date(this.clock.now()),
    });
    return user;
  }

  /** The user an email (any case) or a username names, if any. */
  async findByLogin(login: string): Promise<User | null> {
    const value = login.trim();
    if (!value || value.length > 254) return null;
    return this.users.findByLogin(value);
  }
}
