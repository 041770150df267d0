import {BindingKey} from '@loopback/core';
import {juggler} from '@loopback/repository';
import {AppConfig} from './config';
import {ProviderEntry} from './config/provider-entry';
import {Clock} from './services/clock';
import {EphemeralStore} from './services/ephemeral-store';
import {Logger} from './services/logger';
import {AuditService} from './services/audit.service';
import {LoginService} from './services/login.service';
import {MailService} from './services/mail.service';
import {PasswordService} from './services/password.service';
import {RevocationService} from './services/revocation.service';
import {SecretBox} from './services/secret-box.service';
import {SessionService} from './services/session.service';
import {SigningKeyService} from './services/signing-key.service';
import {TokenService} from './services/token.service';
import {ModuleLoader} from './strategies/oidc-strategy-builder';
import {PassportStrategyFactory} from './strategies/passport-strategy-factory';

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

// Third-party providers: providers.json and the Passport strategy factory.
export namespace IdentityBindings {
  /** The enabled providers.json entries, validated and frozen at start. */
  export const PROVIDERS =
    BindingKey.create<readonly ProviderEntry[]>('identity.providers');
  /** Builds (and caches) the Passport strategy of an entry. */
  export const PROVIDER_STRATEGY_FACTORY =
    BindingKey.create<PassportStrategyFactory>(
      'identity.providers.strategy-factory',
    );
  /** Loads Passport modules by name; replaced in tests. */
  export const PASSPORT_MODULE_LOADER = BindingKey.create<ModuleLoader>(
    'identity.providers.module-loader',
  );
  /** passport-oauth2's `store` (OAuth state without sessions), when bound. */
  export const OAUTH2_STATE_STORE = BindingKey.create<object>(
    'identity.providers.oauth2-state-store',
  );
}
