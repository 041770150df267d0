import {MongoClient} from 'mongodb';
import {
  Lb3Data,
  Lb3Record,
  Lb3Source,
  LB3_KINDS,
  Refusal,
  isRefusal,
  toRecord,
} from './lb3-records';
import {redact} from './postgres-source';
import {ModelLocations} from './model-names';

/**
 * A LoopBack 3 application's MongoDB database, as loopback-connector-mongodb
 * laid it out: a collection per model, named as the model (`User`,
 * `UserIdentity`, `UserCredential`), ids in `_id` (ObjectIds read as their
 * hex string, which is how a `userId` names its user). The database is the
 * URL's.
 */
export class MongoSource implements Lb3Source {
  readonly description: string;
  private client?: MongoClient;

  constructor(
    private readonly url: string,
    private readonly models: ModelLocations,
  ) {
    this.description = `MongoDB database ${redact(url)}`;
  }

  async read(): Promise<Lb3Data> {
    this.client = new MongoClient(this.url, {serverSelectionTimeoutMS: 10_000});
    await this.client.connect();
    return readMongoDb(this.client.db(), this.models);
  }

  async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
  }
}

/** The part of a MongoDB database the import reads. */
export interface MongoDbLike {
  collection(name: string): {
    find(filter: object): AsyncIterable<Record<string, unknown>>;
    countDocuments(): Promise<number>;
  };
}

/** The LoopBack 3 records of `db`'s collections. */
export async function readMongoDb(
  db: MongoDbLike,
  models: ModelLocations,
): Promise<Lb3Data> {
  const records: Lb3Record[] = [];
  const unreadable: Refusal[] = [];
  for (const kind of LB3_KINDS) {
    const cursor = db.collection(models[kind].collection).find({});
    for await (const doc of cursor) {
      const record = toRecord(kind, mongoValues(doc));
      (isRefusal(record) ? unreadable : records).push(record as never);
    }
  }
  const tokens = await db
    .collection(models.AccessToken.collection)
    .countDocuments();
  return {
    records,
    unreadable,
    ignored: [{model: 'AccessToken', count: tokens}],
  };
}

/**
 * A document with its ObjectIds as hex strings, at the top level (`_id`,
 * `userId`): the rest is plain data the mapping reads as such.
 */
export function mongoValues(
  doc: Record<string, unknown>,
): Record<string, unknown> {
  // No prototype: a stored `__proto__` stays a name the record check sees.
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(doc)) {
    const hex = (value as {toHexString?: unknown} | null)?.toHexString;
    out[key] = typeof hex === 'function' ? String(hex.call(value)) : value;
  }
  return out;
}
