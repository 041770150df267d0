import {BindingKey} from '@loopback/core';
import {juggler} from '@loopback/repository';
import {AppConfig} from './config';
import {Clock} from './services/clock';
import {EphemeralStore} from './services/ephemeral-store';
import {Logger} from './services/logger';

/** Every binding key of the identity service, typed. */
export namespace IdentityBindings {
  export const CONFIG = BindingKey.create<AppConfig>('identity.config');
  export const CLOCK = BindingKey.create<Clock>('identity.clock');
  export const LOGGER = BindingKey.create<Logger>('identity.logger');
  export const STORE = BindingKey.create<EphemeralStore>('identity.store');
  /** The juggler datasource holding accounts (memory, PostgreSQL or MongoDB). */
  export const DATASOURCE_NAME = 'db';
}

// Data layer: models, repositories and the datasource they store into.
export namespace IdentityBindings {
  /** The accounts datasource; repositories inject it. */
  export const DATASOURCE = BindingKey.create<juggler.DataSource>(
    `datasources.${IdentityBindings.DATASOURCE_NAME}`,
  );
}
