import {
  AuthenticationComponent,
  registerAuthenticationStrategy,
} from '@loopback/authentication';
import {
  Application,
  BindingKey,
  BindingScope,
  Constructor,
} from '@loopback/core';
import {IdentityBindings} from './keys';
import {AuditService} from './services/audit.service';
import {FirstAdminService} from './services/first-admin.service';
import {LoginLockoutService} from './services/login-lockout.service';
import {LoginService} from './services/login.service';
import {MailService} from './services/mail.service';
import {RateLimiterService} from './services/rate-limiter.service';
import {RevocationService} from './services/revocation.service';
import {SessionService} from './services/session.service';
import {SigningKeyService} from './services/signing-key.service';
import {TokenService} from './services/token.service';
import {UserAdminService} from './services/user-admin.service';
import {BasicAuthStrategy} from './strategies/basic-auth.strategy';
import {BearerTokenStrategy} from './strategies/bearer-token.strategy';

/** Services bound as singletons under their typed keys. One line each. */
const SINGLETONS: [BindingKey<object>, Constructor<object>][] = [
  [IdentityBindings.MAIL_SERVICE, MailService],
  [IdentityBindings.SIGNING_KEY_SERVICE, SigningKeyService],
  [IdentityBindings.REVOCATION_SERVICE, RevocationService],
  [IdentityBindings.TOKEN_SERVICE, TokenService],
  [IdentityBindings.SESSION_SERVICE, SessionService],
  [IdentityBindings.LOGIN_SERVICE, LoginService],
  [IdentityBindings.AUDIT_SERVICE, AuditService],
  // abuse resistance, roles and administration
  [IdentityBindings.RATE_LIMITER_SERVICE, RateLimiterService],
  [IdentityBindings.LOGIN_LOCKOUT_SERVICE, LoginLockoutService],
  [IdentityBindings.USER_ADMIN_SERVICE, UserAdminService],
  [IdentityBindings.FIRST_ADMIN_SERVICE, FirstAdminService],
];

/** Binds the services and the authentication strategies. */
export function bindServices(app: Application): void {
  for (const [key, cls] of SINGLETONS) {
    app.bind(key).toClass(cls).inScope(BindingScope.SINGLETON);
  }
  app.component(AuthenticationComponent);
  registerAuthenticationStrategy(app, BearerTokenStrategy);
  registerAuthenticationStrategy(app, BasicAuthStrategy);
}
