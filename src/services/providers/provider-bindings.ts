import {Application} from '@loopback/core';
import {AppConfig} from '../../config';
import {loadProvidersConfig} from '../../config/providers-config';
import {SharedBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {ProviderBindings} from './keys';
import {Logger} from '../platform/logger';

/**
 * Loads providers.json (throwing a ConfigError that names every problem, so
 * a bad file stops the start) and binds the entries; points the token
 * endpoint's token exchange at the providers' (a linked account's token).
 */
export function bindProviders(
  app: Application,
  config: AppConfig,
  log: Logger,
): void {
  const {entries, ldap, warnings} = loadProvidersConfig(config.providersFile, {
    baseUrl: config.baseUrl,
  });
  for (const warning of warnings) log.warn(warning);
  app.bind(SharedBindings.PROVIDERS).to(entries);
  app.bind(SharedBindings.LDAP_ENTRIES).to(ldap);
  // The token endpoint asks its own key for token exchange, so `tokens`
  // imports nothing from here.
  app
    .bind(TokenBindings.TOKEN_EXCHANGE_GRANT)
    .toAlias(ProviderBindings.PROVIDER_TOKEN_EXCHANGE_SERVICE);
}
