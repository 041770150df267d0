import {asAuthStrategy, AuthenticationStrategy} from '@loopback/authentication';
import {StrategyAdapter} from '@loopback/authentication-passport';
import {BindingScope, inject, injectable} from '@loopback/core';
import {Request, Response} from '@loopback/rest';
import {BasicStrategy} from 'passport-http';
import {AppError} from '../errors';
import {Clock} from '../services/platform/clock';
import {MetricsService} from '../services/platform/metrics.service';
import {IdentityBindings} from '../keys';
import {
  DeviceOwner,
  DeviceTokenService,
} from '../services/tokens/device-token.service';
import {LoginService} from '../services/accounts/login.service';
import {SecondFactorGate} from '../services/tokens/second-factor-gate';
import {authScheme} from './auth-header';
import {basicCredentials} from './basic-credentials';
import {CurrentUser, currentUser} from './current-user';
import {sendDeviceTokenHeader} from './device-token-transport';
import {sendAuthTokenHeaders} from './auth-token-headers';
import {AuthTokenService} from '../services/tokens/auth-token.service';
import {requestContext} from './request-context';

/**
 * `Authorization: Basic base64(email-or-username:password)` through
 * passport-http's BasicStrategy and LoopBack's StrategyAdapter. A success
 * with the password answers the client's auth token (`Auth-Token`
 * headers, RESTHeart's), which it may send instead of the password from
 * then on, and, without a valid device token, a new one in the
 * `Device-Token` header.
 */
@injectable(asAuthStrategy, {scope: BindingScope.SINGLETON})
export class BasicAuthStrategy implements AuthenticationStrategy {
  name = 'basic';
  private readonly adapter: StrategyAdapter<CurrentUser>;
  /** Why a request failed, kept out of passport (which would make it a 500). */
  private readonly failures = new WeakMap<object, unknown>();

  constructor(
    @inject(IdentityBindings.LOGIN_SERVICE) private login: LoginService,
    @inject(IdentityBindings.DEVICE_TOKEN_SERVICE)
    private devices: DeviceTokenService,
    @inject(IdentityBindings.AUTH_TOKEN_SERVICE)
    private authTokens: AuthTokenService,
    @inject(IdentityBindings.CLOCK) private clock: Clock,
    @inject(IdentityBindings.SECOND_FACTOR_GATE, {optional: true})
    private gate?: SecondFactorGate,
    @inject(IdentityBindings.METRICS, {optional: true})
    private metrics?: MetricsService,
  ) {
    const strategy = new BasicStrategy(
      {passReqToCallback: true},
      (req, username, password, done) => {
        this.verify(req as Request, username, password).then(
          user => done(null, user),
          err => {
            this.metrics?.signIn('basic', 'failure');
            this.failures.set(req, err);
            done(null, false);
          },
        );
      },
    );
    this.adapter = new StrategyAdapter(strategy, this.name);
  }

  /**
   * An auth token given as the password signs in without argon2 when it is
   * live and was issued to this login; anything else is checked as a
   * password (a wrong token counts as a wrong password). A password answers
   * the client's auth token, and a device token when it has none.
   */
  private async verify(
    request: Request,
    login: string,
    password: string,
  ): Promise<CurrentUser> {
    const tokens = this.authTokens;
    if (tokens.enabled && tokens.looksLikeToken(password)) {
      const session = await tokens.authenticate(login, password);
      // Adding a second factor revokes the account's auth tokens.
      if (session) {
        this.metrics?.signIn('basic_token', 'success');
        sendAuthTokenHeaders(request, session);
        return currentUser(session.userId, {
          authMethod: 'basic',
          authTime: session.authTime,
          amr: ['pwd'],
        });
      }
    }
    const context = requestContext(request);
    const user = await this.login.verifyPassword(login, password, context);
    // The password is right, but it is one factor of two.
    if (await this.gate?.required(user.id)) throw basicRefused();
    this.handOutDeviceToken(request, user, context);
    if (tokens.enabled) {
      const grant = await tokens.grant(user.id, {
        login,
        ip: context.ip,
        userAgent: context.userAgent,
        device: this.devices.deviceOf(context.deviceToken, user),
      });
      sendAuthTokenHeaders(request, grant);
    }
    this.metrics?.signIn('basic', 'success');
    return currentUser(user.id, {
      authMethod: 'basic',
      authTime: new Date(this.clock.now()),
      amr: ['pwd'],
    });
  }

  private handOutDeviceToken(
    request: Request,
    user: DeviceOwner,
    context: {deviceToken?: string},
  ): void {
    if (this.devices.deviceOf(context.deviceToken, user)) return;
    const response = (request as Request & {res?: Response}).res;
    if (response && !response.headersSent) {
      sendDeviceTokenHeader(response, this.devices.issue(user));
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
