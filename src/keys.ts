import {BindingKey} from '@loopback/core';
import type {juggler} from '@loopback/repository';
import type {AppConfig} from './config';
import type {UnitOfWork} from './repositories/unit-of-work';
import {AbuseBindings} from './services/abuse/keys';
import {AccountBindings} from './services/accounts/keys';
import {ApplicationBindings} from './services/applications/keys';
import {MailBindings} from './services/mail/keys';
import {OidcAuthorizeBindings} from './services/oidc/authorize-keys';
import {PlatformBindings} from './services/platform/keys';
import {ProviderBindings} from './services/providers/keys';
import {StoreBindings} from './services/store/keys';
import {TokenBindings} from './services/tokens/keys';

export {
  AbuseBindings,
  AccountBindings,
  ApplicationBindings,
  MailBindings,
  OidcAuthorizeBindings,
  PlatformBindings,
  ProviderBindings,
  StoreBindings,
  TokenBindings,
};

/** The keys every feature shares: configuration and the data layer. */
export namespace SharedBindings {
  export const CONFIG = BindingKey.create<AppConfig>('identity.config');
  /** The juggler datasource holding accounts (memory, PostgreSQL or MongoDB). */
  export const DATASOURCE_NAME = 'db';
  /** The accounts datasource; repositories inject it. */
  export const DATASOURCE = BindingKey.create<juggler.DataSource>(
    `datasources.${DATASOURCE_NAME}`,
  );
  /** Runs writes that belong together as one unit (a transaction). */
  export const UNIT_OF_WORK = BindingKey.create<UnitOfWork>(
    'identity.repositories.unit-of-work',
  );
}

/**
 * Every binding key of the identity service, typed, as one namespace: the
 * shared keys and each feature's own (`services/<feature>/keys.ts`). The
 * feature key files import types only (the classes name their key in their
 * `@injectable` key tag, so loading a class from there would be a cycle),
 * and no two features name the same key.
 */
export const IdentityBindings = Object.freeze({
  ...SharedBindings,
  ...PlatformBindings,
  ...StoreBindings,
  ...MailBindings,
  ...AbuseBindings,
  ...TokenBindings,
  ...AccountBindings,
  ...ApplicationBindings,
  ...ProviderBindings,
  ...OidcAuthorizeBindings,
});
