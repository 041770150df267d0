import {Authorizer} from '@loopback/authorization';
import {BindingKey} from '@loopback/core';
import {juggler} from '@loopback/repository';
import {AppConfig} from './config';
import {Clock} from './services/clock';
import {EphemeralStore} from './services/ephemeral-store';
import {Logger} from './services/logger';
import {AuditService} from './services/audit.service';
import {LoginLockoutService} from './services/login-lockout.service';
import {LoginService} from './services/login.service';
import {MailService} from './services/mail.service';
import {FirstAdminService} from './services/first-admin.service';
import {PasswordService} from './services/password.service';
import {RateLimitSettings} from './services/rate-limit-settings';
import {RateLimiterService} from './services/rate-limiter.service';
import {RevocationService} from './services/revocation.service';
import {SecretBox} from './services/secret-box.service';
import {SessionService} from './services/session.service';
import {SigningKeyService} from './services/signing-key.service';
import {TokenService} from './services/token.service';
import {UserAdminService} from './services/user-admin.service';

/** Every binding key of the identity service, typed. */
export namespace IdentityBindings {
  export const CONFIG = BindingKey.create<AppConfig>('identity.config');
  export const CLOCK = BindingKey.create<Clock>('identity.clock');
  export const LOGGER = BindingKey.create<Logger>('identity.logger');
  export const STORE = BindingKey.create<EphemeralStore>('identity.store');
  /** The juggler datasource holding accounts (memory, PostgreSQL or MongoDB). */
  export const DATASOURCE_NAME = 'db';

  // outgoing mail
  /** Sends account mail over SMTP, or into the data directory's outbox. */
  export const MAIL_SERVICE = BindingKey.create<MailService>(
    'identity.services.mail',
  );
  // cryptographic building blocks
  export const PASSWORD_SERVICE = BindingKey.create<PasswordService>(
    'identity.services.password',
  );
  export const SECRET_BOX = BindingKey.create<SecretBox>(
    'identity.services.secret-box',
  );

  // tokens
  export const SIGNING_KEY_SERVICE = BindingKey.create<SigningKeyService>(
    'identity.services.signing-keys',
  );
  export const REVOCATION_SERVICE = BindingKey.create<RevocationService>(
    'identity.services.revocations',
  );
  export const TOKEN_SERVICE = BindingKey.create<TokenService>(
    'identity.services.tokens',
  );
  export const SESSION_SERVICE = BindingKey.create<SessionService>(
    'identity.services.sessions',
  );
  // accounts
  export const LOGIN_SERVICE = BindingKey.create<LoginService>(
    'identity.services.login',
  );
  export const AUDIT_SERVICE = BindingKey.create<AuditService>(
    'identity.services.audit',
  );
}

// Data layer: models, repositories and the datasource they store into.
export namespace IdentityBindings {
  /** The accounts datasource; repositories inject it. */
  export const DATASOURCE = BindingKey.create<juggler.DataSource>(
    `datasources.${IdentityBindings.DATASOURCE_NAME}`,
  );
}

// Abuse resistance, roles and administration.
export namespace IdentityBindings {
  /** Rate limits and lock-out steps: the defaults plus the app's overrides. */
  export const RATE_LIMIT_SETTINGS = BindingKey.create<RateLimitSettings>(
    'identity.rate-limits',
  );
  export const RATE_LIMITER_SERVICE = BindingKey.create<RateLimiterService>(
    'identity.services.rate-limiter',
  );
  export const LOGIN_LOCKOUT_SERVICE = BindingKey.create<LoginLockoutService>(
    'identity.services.login-lockout',
  );
  export const USER_ADMIN_SERVICE = BindingKey.create<UserAdminService>(
    'identity.services.user-admin',
  );
  export const FIRST_ADMIN_SERVICE = BindingKey.create<FirstAdminService>(
    'identity.services.first-admin',
  );
  /** Allows a caller whose stored roles include one the route allows. */
  export const ROLE_AUTHORIZER = BindingKey.create<Authorizer>(
    'identity.authorizers.roles',
  );
}
