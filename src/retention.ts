import {IdentityApplication} from './application';
import {ConfigError, loadConfig} from './config';
import {AppError} from './errors';
import {IdentityBindings} from './keys';

/**
 * `npm run retention`: one run of the retention job now, for an operator
 * who sets RETENTION=false and runs it from a cron job instead (or wants
 * one before a backup). It takes the store lock, so it never overlaps a
 * node's hourly run, and prints what it deleted, one line per table.
 */
export async function runRetention(): Promise<void> {
  const {config} = loadConfig(process.env);
  const app = new IdentityApplication(config);
  await app.boot();
  // Initialized, not started (as `npm run migrate`): no observer schedules
  // anything, and stop() closes the database pool and the store, so the
  // process exits once the run is done, with or without REDIS_URL.
  await app.init();
  try {
    const retention = await app.get(IdentityBindings.RETENTION_SERVICE);
    const result = await retention.runNow();
    for (const [table, rows] of Object.entries(result)) {
      console.log(`${table}: ${rows} deleted`);
    }
  } finally {
    await app.stop();
  }
}

if (require.main === module) {
  runRetention().catch(err => {
    if (err instanceof ConfigError) {
      console.error(err.message);
    } else if (err instanceof AppError && err.code === 'CONFLICT') {
      console.error(
        'Another process is running the retention job; retry later.',
      );
    } else {
      console.error('Cannot run the retention job:', err);
    }
    process.exit(1);
  });
}
