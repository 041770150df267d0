import {Application} from '@loopback/core';
import {AppConfig} from '../../config';
import {loadProvidersConfig} from '../../config/providers-config';
import {SharedBindings} from '../platform/keys';
import {Logger} from '../platform/logger';

/**
 * Loads providers.json (throwing a ConfigError that names every problem, so
 * a bad file stops the start) and binds the entries.
 */
export function bindProviders(
  app: Application,
  config: AppConfig,
  log: Logger,
): void {
  const {entries, warnings} = loadProvidersConfig(config.providersFile, {
    baseUrl: config.baseUrl,
  });
  for (const warning of warnings) log.warn(warning);
  app.bind(SharedBindings.PROVIDERS).to(entries);
}
