import {BindingKey} from '@loopback/core';
import type {juggler} from '@loopback/repository';
import type {AppConfig} from '../../config';
import type {LdapEntry} from '../../config/ldap-entry';
import type {ProviderEntry} from '../../config/provider-entry';
import type {UnitOfWork} from '../../repositories/unit-of-work';
import type {AuditService} from './audit.service';
import type {Clock} from './clock';
import type {CorsPolicyService} from './cors-policy.service';
import type {DestinationGuard} from './destination-guard.service';
import type {Logger} from './logger';
import type {MetricsService} from './metrics.service';
import type {SecretBox} from './secret-box.service';

// Types only: the classes name these keys in their key tags.

/** The binding keys of the platform (clock, logger, audit, secret box, CORS policy); also in IdentityBindings. */
export namespace PlatformBindings {
  export const CLOCK = BindingKey.create<Clock>('identity.clock');
  export const LOGGER = BindingKey.create<Logger>('identity.logger');
  export const SECRET_BOX = BindingKey.create<SecretBox>(
    'identity.services.secret-box',
  );
  export const AUDIT_SERVICE = BindingKey.create<AuditService>(
    'identity.services.audit',
  );
  /** Prometheus counters and histograms behind `GET /metrics`. */
  export const METRICS = BindingKey.create<MetricsService>(
    'identity.services.metrics',
  );
  /** The origins CORS allows, cached briefly. */
  export const CORS_POLICY_SERVICE = BindingKey.create<CorsPolicyService>(
    'identity.services.cors-policy',
  );
  /** Where a client application may make the service connect (its directory). */
  export const DESTINATION_GUARD = BindingKey.create<DestinationGuard>(
    'identity.services.destination-guard',
  );
}

/**
 * The keys every feature shares: configuration and the data layer. They sit
 * at the bottom of the ladder so that any service may inject them without
 * loading the gathered src/keys.ts; also in IdentityBindings.
 */
export namespace SharedBindings {
  export const CONFIG = BindingKey.create<AppConfig>('identity.config');
  /**
   * The enabled providers.json entries, validated and frozen at start;
   * applications (per-application credentials) read them as well as
   * providers.
   */
  export const PROVIDERS =
    BindingKey.create<readonly ProviderEntry[]>('identity.providers');
  /**
   * The enabled LDAP / Active Directory entries of providers.json (DESIGN
   * §10), validated and frozen at start; served by the enterprise feature,
   * listed and counted as sign-in methods by providers.
   */
  export const LDAP_ENTRIES = BindingKey.create<readonly LdapEntry[]>(
    'identity.ldap-entries',
  );
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
