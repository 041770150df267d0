import {asAuthStrategy, AuthenticationStrategy} from '@loopback/authentication';
import {StrategyAdapter} from '@loopback/authentication-passport';
import {BindingScope, inject, injectable} from '@loopback/core';
import {Request, Response} from '@loopback/rest';
import {BasicStrategy} from 'passport-http';
import {AppError} from '../errors';
import {IdentityBindings} from '../keys';
import {DeviceTokenService} from '../services/tokens/device-token.service';
import {LoginService} from '../services/accounts/login.service';
import {SecondFactorGate} from '../services/tokens/second-factor-gate';
import {authScheme} from './auth-header';
import {basicCredentials} from './basic-credentials';
import {CurrentUser, currentUser} from './current-user';
import {sendDeviceTokenHeader} from './device-token-transport';
import {requestContext} from './request-context';

/**
 * `Authorization: Basic base64(email-or-username:password)` through
 * passport-http's BasicStrategy and LoopBack's StrategyAdapter. Every
 * request checks the password: Basic suits scripts, tokens suit apps.
 * A success without a valid device token answers a new one in the
 * `Device-Token` header, for the client to send back from then on.
 */
@injectable(asAuthStrategy, {scope: BindingScope.SINGLETON})
export class BasicAuthStrategy implements AuthenticationStrategy {
  name = 'basic';
  private readonly adapter: StrategyAdapter<CurrentUser>;
  /** Why a request failed, kept out of passport (which would make it a 500). */
  private readonly failures = new WeakMap<object, unknown>();

  constructor(
    @inject(IdentityBindings.LOGIN_SERVICE) login: LoginService,
    @inject(IdentityBindings.DEVICE_TOKEN_SERVICE)
    private devices: DeviceTokenService,
    @inject(IdentityBindings.SECOND_FACTOR_GATE, {optional: true})
    gate?: SecondFactorGate,
  ) {
    const strategy = new BasicStrategy(
      {passReqToCallback: true},
      (req, username, password, done) => {
        const context = requestContext(req as Request);
        login
          .verifyPassword(username, password, context)
          .then(async user => {
            // The password is right, but it is one factor of two.
            if (await gate?.required(user.id)) throw basicRefused();
            return user;
          })
          .then(
            user => {
              this.handOutDeviceToken(req as Request, user.id, context);
              done(
                null,
                currentUser(user.id, {
                  authMethod: 'basic',
                  authTime: new Date(),
                  amr: ['pwd'],
                }),
              );
            },
            err => {
              this.failures.set(req, err);
              done(null, false);
            },
          );
      },
    );
    this.adapter = new StrategyAdapter(strategy, this.name);
  }

  private handOutDeviceToken(
    request: Request,
    userId: string,
    context: {deviceToken?: string},
  ): void {
    if (this.devices.deviceOf(context.deviceToken, userId)) return;
    const response = (request as Request & {res?: Response}).res;
    if (response && !response.headersSent) {
      sendDeviceTokenHeader(response, this.devices.issue(userId));
    }
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

function basicRefused(): AppError {
  return new AppError(
    'MFA_REQUIRED',
    'This account has a second factor: HTTP Basic cannot sign it in. Sign in at POST /auth/login and use the bearer token.',
  );
}

function malformed(): AppError {
  return new AppError(
    'INVALID_CREDENTIALS',
    'The Basic credentials are malformed.',
  );
}
