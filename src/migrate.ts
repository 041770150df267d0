import {IdentityApplication} from './application';
import {loadConfig} from './config';

/**
 * `npm run migrate`: creates the tables or collections and unique indexes.
 * Existing data is kept (`alter`), never dropped, unless `--rebuild`.
 */
export async function migrate(args: string[]): Promise<void> {
  const {config} = loadConfig(process.env);
  const rebuild = args.includes('--rebuild');
  const app = new IdentityApplication(config);
  await app.boot();
  // Initialized, not started: stop() then closes the database pool and the
  // store (it does nothing on an app that was only booted), so the process
  // exits as soon as the schema is done.
  await app.init();
  try {
    await app.migrateSchema({existingSchema: rebuild ? 'drop' : 'alter'});
  } finally {
    await app.stop();
  }
  console.log(
    `Migrated the ${config.database.kind} database (${rebuild ? 'rebuilt' : 'kept existing data'}).`,
  );
}

if (require.main === module) {
  migrate(process.argv).catch(err => {
    console.error('Cannot migrate the schema:', err);
    process.exit(1);
  });
}
