import {IdentityApplication} from './application';
import {ConfigError, loadConfig} from './config';
import {IdentityBindings} from './keys';

export * from './application';
export * from './component';
export * from './config';
export {DbDataSource} from './datasources/db.datasource';
export {AppError} from './errors';
export {allowThirdPartyClients} from './interceptors/first-party.interceptor';
export {IdentityBindings} from './keys';
export * from './models';
export {BasicAuthStrategy} from './strategies/basic-auth.strategy';
export {BearerTokenStrategy} from './strategies/bearer-token.strategy';
export {CurrentUser} from './strategies/current-user';
export * from './strategies/identity-token';

/** Loads the configuration, boots, migrates the embedded database, listens. */
export async function main(): Promise<IdentityApplication> {
  const {config, warnings} = loadConfig(process.env);
  const app = new IdentityApplication(config, {
    shutdown: {signals: ['SIGTERM', 'SIGINT']},
  });
  const log = app.getSync(IdentityBindings.LOGGER);
  for (const warning of warnings) log.warn(warning);
  await app.boot();
  if (config.database.kind === 'memory') await app.migrateSchema();
  await app.start();
  log.info(
    {url: app.restServer.url, database: config.database.kind},
    `identity service listening at ${app.restServer.url} (explorer: ${config.baseUrl}/explorer)`,
  );
  return app;
}

if (require.main === module) {
  main().catch(err => {
    if (err instanceof ConfigError) {
      console.error(err.message);
    } else {
      console.error('Cannot start the identity service:', err);
    }
    process.exit(1);
  });
}
