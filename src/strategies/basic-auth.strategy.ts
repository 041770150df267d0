import {asAuthStrategy, AuthenticationStrategy} from '@loopback/authentication';
import {StrategyAdapter} from '@loopback/authentication-passport';
import {BindingScope, inject, injectable} from '@loopback/core';
import {Request} from '@loopback/rest';
import {BasicStrategy} from 'passport-http';
import {AppError} from '../errors';
import {IdentityBindings} from '../keys';
import {LoginService} from '../services/login.service';
import {authScheme} from './auth-header';
import {basicCredentials} from './basic-credentials';
import {CurrentUser, currentUser} from './current-user';
import {requestContext} from './request-context';

/**
 * `Authorization: Basic base64(email-or-username:password)` through
 * passport-http's BasicStrategy and LoopBack's StrategyAdapter. Every
 * request checks the password: Basic suits scripts, tokens suit apps.
 */
@injectable(asAuthStrategy, {scope: BindingScope.SINGLETON})
export class BasicAuthStrategy implements AuthenticationStrategy {
  name = 'basic';
  private readonly adapter: StrategyAdapter<CurrentUser>;
  /** Why a request failed, kept out of passport (which would make it a 500). */
  private readonly failures = new WeakMap<object, unknown>();

  constructor(@inject(IdentityBindings.LOGIN_SERVICE) login: LoginService) {
    const strategy = new BasicStrategy(
      {passReqToCallback: true},
      (req, username, password, done) => {
        login
          .verifyPassword(username, password, requestContext(req as Request))
          .then(
            user => done(null, currentUser(user.id, {authMethod: 'basic'})),
            err => {
              this.failures.set(req, err);
              done(null, false);
            },
          );
      },
    );
    this.adapter = new StrategyAdapter(strategy, this.name);
  }

  async authenticate(request: Request): Promise<CurrentUser | undefined> {
    if (authScheme(request) !== 'basic') return undefined;
    if (basicCredentials(request) === null) throw malformed();
    try {
      // Our verify callback only ever succeeds with a CurrentUser.
      return (await this.adapter.authenticate(request)) as CurrentUser;
    } catch {
      throw this.failures.get(request) ?? malformed();
    }
  }
}

function malformed(): AppError {
  return new AppError(
    'INVALID_CREDENTIALS',
    'The Basic credentials are malformed.',
  );
}
