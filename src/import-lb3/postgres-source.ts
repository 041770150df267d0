import {Client} from 'pg';
import {
  Lb3Data,
  Lb3Record,
  Lb3Source,
  LB3_KINDS,
  Refusal,
  isRefusal,
  toRecord,
} from './lb3-records';
import {ModelLocation, ModelLocations} from './model-names';

/**
 * A LoopBack 3 application's PostgreSQL database, as
 * loopback-connector-postgresql laid it out: a table per model, columns
 * named by the properties in lower case, objects (`profile`,
 * `credentials`) as JSON text or jsonb. A table that does not exist holds
 * no records (an application without UserCredential has none).
 */
export class PostgresSource implements Lb3Source {
  readonly description: string;
  private client?: Client;

  constructor(
    private readonly url: string,
    private readonly models: ModelLocations,
    private readonly schema = 'public',
  ) {
    this.description = `PostgreSQL database ${redact(url)}`;
  }

  async read(): Promise<Lb3Data> {
    this.client = new Client({connectionString: this.url});
    await this.client.connect();
    const records: Lb3Record[] = [];
    const unreadable: Refusal[] = [];
    for (const kind of LB3_KINDS) {
      for (const row of await this.rows(this.models[kind])) {
        const record = toRecord(kind, row);
        (isRefusal(record) ? unreadable : records).push(record as never);
      }
    }
    const tokens = await this.count(this.models.AccessToken);
    return {
      records,
      unreadable,
      ignored: [{model: 'AccessToken', count: tokens}],
    };
  }

  async close(): Promise<void> {
    await this.client?.end();
    this.client = undefined;
  }

  private async rows(model: ModelLocation): Promise<unknown[]> {
    const table = await this.table(model);
    if (!table) return [];
    const result = await this.client!.query(`SELECT * FROM ${table}`);
    return result.rows;
  }

  private async count(model: ModelLocation): Promise<number> {
    const table = await this.table(model);
    if (!table) return 0;
    const result = await this.client!.query(
      `SELECT count(*)::int AS n FROM ${table}`,
    );
    return (result.rows[0] as {n: number}).n;
  }

  /** The quoted `schema.table`, or undefined when there is no such table. */
  private async table(model: ModelLocation): Promise<string | undefined> {
    const client = this.client!;
    const schema = model.schema ?? this.schema;
    const found = await client.query(
      'SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = $2',
      [schema, model.table],
    );
    if (!found.rowCount) return undefined;
    return `${client.escapeIdentifier(schema)}.${client.escapeIdentifier(model.table)}`;
  }
}

/** A connection URL without its password, for reports. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}
