import {BindingKey} from '@loopback/core';
import {juggler} from '@loopback/repository';
import {AppConfig} from './config';
import {Clock} from './services/clock';
import {EphemeralStore} from './services/ephemeral-store';
import {Logger} from './services/logger';
import {MailService} from './services/mail.service';
import {PasswordService} from './services/password.service';
import {SecretBox} from './services/secret-box.service';

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
}

// Data layer: models, repositories and the datasource they store into.
export namespace IdentityBindings {
  /** The accounts datasource; repositories inject it. */
  export const DATASOURCE = BindingKey.create<juggler.DataSource>(
    `datasources.${IdentityBindings.DATASOURCE_NAME}`,
  );
}
