import {Memory} from 'loopback-datasource-juggler/lib/connectors/memory';
import fs from 'node:fs';
import path from 'node:path';
import {AppError} from '../errors';
import {writeFileAtomic} from './atomic-write';
import {idLookup, ownRow, selectFields} from './id-lookup';
import {readDbFile} from './db-file';
import {
  activeUnit,
  committedView,
  MemoryUnit,
  recordingCollection,
  routeMutationsToUnits,
  unitAborted,
} from './memory-unit';
import {WriteCoalescer} from './write-coalescer';

type Callback<T = unknown> = (err?: Error | null, result?: T) => void;

/** The juggler data source fields `initialize` touches. */
interface JugglerDataSource {
  settings: {file?: string};
  connector?: unknown;
}

/**
 * juggler's memory connector with crash-safe persistence to `settings.file`.
 * Queries and mutations are juggler's own; only loading and saving differ:
 * writes are atomic (temp file, fsync, rename) and coalesced, a mutation is
 * acknowledged only once it is on disk, and a corrupt file stops the start
 * instead of being silently replaced by an empty database.
 *
 * It also serves juggler's transaction API (`beginTransaction`, then
 * `{transaction}` in the options of each call): the rows of a unit reach the
 * file in one write when it commits, or never (see MemoryUnit).
 */
export class DurableMemory extends Memory {
  private readonly writer = new WriteCoalescer(
    () => this.writeSnapshot(),
    () => this.rollBack(),
  );
  private readonly openUnits = new Set<MemoryUnit>();

  constructor(settings: {file: string}) {
    super(null, settings);
  }

  /**
   * juggler's memory connector answers every query by parsing and sorting
   * every record of the model. A lookup by id, the most common query
   * (findById, the bearer path's own-account read, userinfo's session read
   * with its field list), reads one record.
   */
  override all(
    model: string,
    filter: Record<string, unknown> | undefined,
    options: object,
    callback: Callback<object[]>,
  ): void {
    const lookup = idLookup(filter, this.idName(model));
    if (lookup === undefined) {
      super.all(model, filter, options, callback);
      return;
    }
    const data = ownRow(this.collection(model), lookup.id);
    const nodes =
      data === undefined
        ? []
        : [selectFields(this.fromDb(model, data), lookup.fields)];
    process.nextTick(callback, null, nodes);
  }

  /**
   * One stored record by id, as juggler's memory connector would return it
   * from a query (dates revived), or undefined. For the repositories' fast
   * findById.
   */
  record(model: string, id: string): Record<string, unknown> | undefined {
    const data = ownRow(this.collection(model), id);
    return data === undefined ? undefined : this.fromDb(model, data);
  }

  /** The file this database lives in. */
  get file(): string {
    return this.settings.file as string;
  }

  /**
   * Loads the file into memory, creating its directory if missing. Throws
   * DATABASE_FILE_CORRUPT when the file cannot be parsed.
   */
  load(): void {
    fs.mkdirSync(path.dirname(this.file), {recursive: true, mode: 0o700});
    const content = readDbFile(this.file);
    this.ids = content?.ids ?? {};
    this.cache = content?.models ?? {};
    // Models defined before a reload keep working even if the file predates them.
    for (const model of Object.keys(this._models)) {
      if (!this.collection(model)) this.initCollection(model);
    }
  }

  /** Called by juggler on (re)connect: reloads from the file. */
  override loadFromFile(callback: Callback): void {
    try {
      this.load();
    } catch (err) {
      process.nextTick(callback, err);
      return;
    }
    process.nextTick(callback, null);
  }

  /**
   * Called by juggler after every mutation, which is already applied in
   * memory; answers once a write that includes it is on disk. A unit's
   * mutation is answered at once: its commit writes it.
   */
  override saveToFile<T>(result: T, callback?: Callback<T>): void {
    if (activeUnit()) {
      process.nextTick(() => callback?.(null, result));
      return;
    }
    this.writer.request((err?: Error | null) => {
      if (err) callback?.(err);
      else callback?.(null, result);
    });
  }

  /** Wipes the migrated models like juggler does, and persists the wipe. */
  override automigrate(models: string[] | undefined, callback: Callback): void {
    super.automigrate(models, err => {
      if (err) callback(err);
      else this.writer.request(callback);
    });
  }

  /**
   * The model's rows. Inside a unit's call, a view that records each row
   * the call writes, so the unit can keep it out of the file and undo it.
   */
  override collection(
    model: string,
    ...replacement: [Record<string, string>?]
  ): Record<string, string> | undefined {
    const unit = activeUnit();
    const name = this.getCollection(model);
    // destroyAll without a filter swaps the whole collection.
    if (unit && replacement.length) {
      unit.recordSwap(name, this.cache[name], replacement[0]);
    }
    const rows = super.collection(model, ...replacement);
    if (!unit || !rows || replacement.length) return rows;
    return recordingCollection(unit, name, rows);
  }

  /** juggler's transaction API: opens a unit of work. */
  beginTransaction(
    isolationLevel: string,
    callback: Callback<MemoryUnit>,
  ): void {
    const unit = new MemoryUnit();
    this.openUnits.add(unit);
    process.nextTick(callback, null, unit);
  }

  /** Writes the unit's rows to the file, together with anything pending. */
  commit(unit: MemoryUnit, callback: Callback): void {
    this.openUnits.delete(unit);
    if (unit.aborted) {
      unit.revert(this.cache);
      process.nextTick(callback, unitAborted());
    } else if (unit.changes.size === 0) {
      process.nextTick(callback, null);
    } else {
      this.writer.request(err => callback(err ?? null));
    }
  }

  /** Undoes the unit's rows in memory; the file never held them. */
  rollback(unit: MemoryUnit, callback: Callback): void {
    this.openUnits.delete(unit);
    unit.revert(this.cache);
    process.nextTick(callback, null);
  }

  /** Called by juggler on disconnect (app stop): waits for pending writes. */
  disconnect(callback: Callback): void {
    this.writer.idle().then(() => callback(null), callback);
  }

  private async writeSnapshot(): Promise<void> {
    // Taken now, so it holds every mutation made before this write started.
    // Rows of units still open stay out: a unit reaches the file whole.
    const models = committedView(this.cache, this.openUnits);
    const data = JSON.stringify({ids: this.ids, models}, null, 2);
    await writeFileAtomic(this.file, data);
  }

  /**
   * Callers of a failed write get an error, so their changes must not
   * surface later through memory or a later write: go back to the file.
   */
  private rollBack(): void {
    try {
      this.load();
    } catch {
      // The file was readable at start and only ever replaced atomically;
      // if it became unreadable, keeping memory beats emptying it.
    }
    // Memory went back to the file, which never held the open units' rows:
    // they are gone, so those units can only fail.
    for (const unit of this.openUnits) {
      unit.aborted = true;
      unit.changes.clear();
    }
  }
}

routeMutationsToUnits(Memory.prototype, DurableMemory.prototype);

/**
 * The connector module juggler expects (`{connector: durableMemoryConnector}`
 * in the data source settings). Loads synchronously so a corrupt file makes
 * the data source constructor throw, i.e. the application refuses to start,
 * and so the data source is connected at once, with no queued operations.
 */
export const durableMemoryConnector = {
  name: 'durable-memory',
  initialize(dataSource: JugglerDataSource, callback?: Callback): void {
    const {file} = dataSource.settings;
    if (!file) {
      throw new AppError(
        'INTERNAL_ERROR',
        'durable-memory connector: the "file" setting is required',
      );
    }
    // The same settings object, as juggler's own memory connector does.
    const connector = new DurableMemory(dataSource.settings as {file: string});
    connector.load();
    dataSource.connector = connector;
    callback?.(null);
  },
};
