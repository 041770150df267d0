import {IdentityApplication} from './application';
import {loadConfig} from './config';
import {IdentityBindings} from './keys';
import {
  checkDatabase,
  readProcessSettings,
  startFailureLine,
  stopOnSignals,
} from './process-control';

export * from './application';
export * from './component';
export * from './config';
export {DbDataSource} from './datasources/db.datasource';
export {applyStorageParameters} from './datasources/storage-parameters';
export {AppError} from './errors';
export {allowThirdPartyClients} from './interceptors/first-party.interceptor';
export {IdentityBindings} from './keys';
export * from './models';
export {BasicAuthStrategy} from './strategies/basic-auth.strategy';
export {BearerTokenStrategy} from './strategies/bearer-token.strategy';
export {CurrentUser} from './strategies/current-user';
export * from './strategies/identity-token';

/** What the start loader (src/start-loader.ts) asks of main(). */
export interface StartHooks {
  /** Runs once the application is booted and migrated, before it listens. */
  beforeListen?(): void;
}

/**
 * Loads the configuration, boots, checks the database, migrates the
 * embedded database, listens, and stops gracefully on SIGTERM or SIGINT.
 */
export async function main(
  hooks: StartHooks = {},
): Promise<IdentityApplication> {
  const {config, warnings} = loadConfig(process.env);
  const settings = readProcessSettings(process.env);
  const app = new IdentityApplication(config, {
    rest: {gracePeriodForClose: settings.shutdownTimeoutMs},
  });
  const log = app.getSync(IdentityBindings.LOGGER);
  for (const warning of warnings) log.warn(warning);
  await app.boot();
  if (!settings.startWithoutDatabase) await checkDatabase(config);
  if (config.database.kind === 'memory') await app.migrateSchema();
  hooks.beforeListen?.();
  await app.start();
  stopOnSignals(app, log, settings.shutdownTimeoutMs);
  log.info(
    {url: app.restServer.url, database: config.database.kind},
    `identity service listening at ${app.restServer.url} (explorer: ${config.baseUrl}/explorer)`,
  );
  return app;
}

/**
 * `npm start`, `node .`: main(), or one line on stderr and exit 1. Resolves
 * once the service listens.
 */
export async function run(hooks: StartHooks = {}): Promise<void> {
  try {
    await main(hooks);
  } catch (err) {
    const line = startFailureLine(err);
    if (line) console.error(line);
    else console.error('Cannot start the identity service:', err);
    process.exit(1);
  }
}

if (require.main === module) run().catch(() => {});
