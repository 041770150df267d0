import {juggler} from '@loopback/repository';

/** A table's PostgreSQL storage parameters, e.g. `{fillfactor: 70}`. */
export type StorageParameters = Record<string, number>;

/** What of loopback-connector-postgresql this reads. */
interface PostgresConnector {
  name: string;
  _models: Record<string, unknown>;
  schema(model: string): string;
  table(model: string): string;
  tableEscaped(model: string): string;
  getConnectorSpecificSettings(
    model: string,
  ): {storageParameters?: StorageParameters} | undefined;
}

/**
 * Gives each table the storage parameters its model declares in
 * `settings.postgresql.storageParameters` (the connector creates tables
 * without any). Runs after the connector's autoupdate or automigrate; a
 * table that has them already is only read (pg_class), never altered, so a
 * second migrate takes no lock on it. An ALTER only sets how future pages
 * are filled: existing rows stay where they are.
 */
export async function applyStorageParameters(
  ds: juggler.DataSource,
  models?: string | string[],
): Promise<void> {
  const connector = ds.connector as unknown as PostgresConnector | undefined;
  if (connector?.name !== 'postgresql') return;
  const names = models ?? Object.keys(connector._models);
  for (const model of [names].flat()) {
    const wanted =
      connector.getConnectorSpecificSettings(model)?.storageParameters;
    if (!wanted) continue;
    const current = await reloptions(ds, connector, model);
    const missing = Object.entries(wanted)
      .map(([name, value]) => `${checkedName(name)}=${Number(value)}`)
      .filter(option => !current.includes(option));
    if (!missing.length) continue;
    await ds.execute(
      `ALTER TABLE ${connector.tableEscaped(model)} SET (${missing.join(', ')})`,
    );
  }
}

/** The table's storage parameters as PostgreSQL lists them (`fillfactor=70`). */
async function reloptions(
  ds: juggler.DataSource,
  connector: PostgresConnector,
  model: string,
): Promise<string[]> {
  const rows = (await ds.execute(
    `SELECT c.reloptions FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'r'`,
    [connector.schema(model), connector.table(model)],
  )) as {reloptions: string[] | null}[];
  return rows[0]?.reloptions ?? [];
}

/** Parameter names come from model settings, never input; still, no SQL. */
function checkedName(name: string): string {
  if (!/^[a-z_]+$/.test(name)) {
    throw new Error(`Not a storage parameter name: ${name}`);
  }
  return name;
}
