import {AsyncLocalStorage} from 'node:async_hooks';
import {AppError} from '../errors';

type Collection = Record<string, string>;
type Cache = Record<string, Collection>;

/** One row's value before a unit first touched it and after its last write. */
interface RowChange {
  before: string | undefined;
  after: string | undefined;
}

/**
 * The writes of one unit of work on the embedded database (what juggler's
 * transaction API calls a connection). Its rows are applied in memory at
 * once, so reads and the in-process unique checks see them, but no
 * snapshot written to the file includes them until the unit commits; a
 * rollback puts back the rows it changed.
 */
export class MemoryUnit {
  /** Model → id → change. */
  readonly changes = new Map<string, Map<string, RowChange>>();
  /** Set when the database was reloaded under the unit: it can only fail. */
  aborted = false;

  /** Remembers `id`'s value before the unit's first write to it. */
  record(
    model: string,
    id: string,
    before: string | undefined,
    after: string | undefined,
  ): void {
    let rows = this.changes.get(model);
    if (!rows) {
      rows = new Map();
      this.changes.set(model, rows);
    }
    const known = rows.get(id);
    rows.set(id, {before: known ? known.before : before, after});
  }

  /** Records every row of a collection replaced whole. */
  recordSwap(model: string, before: Collection = {}, after: Collection = {}) {
    const ids = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const id of ids) this.record(model, id, before[id], after[id]);
  }

  /**
   * Puts back what the unit changed in `cache`. A row someone else wrote
   * after the unit keeps that newer value: it is theirs, not the unit's.
   */
  revert(cache: Cache): void {
    for (const [model, rows] of this.changes) {
      const collection = cache[model];
      if (!collection) continue;
      for (const [id, {before, after}] of rows) {
        if (collection[id] !== after) continue;
        if (before === undefined) delete collection[id];
        else collection[id] = before;
      }
    }
    this.changes.clear();
  }
}

/** The unit whose connector call is running, across its callbacks. */
const currentUnit = new AsyncLocalStorage<MemoryUnit>();

/** The open unit the running connector call belongs to, if any. */
export function activeUnit(): MemoryUnit | undefined {
  return currentUnit.getStore();
}

/**
 * Runs a connector call as part of `unit`: every row it writes, now or in
 * its callbacks, is recorded by the collection proxy below.
 */
export function runInUnit<T>(unit: MemoryUnit, call: () => T): T {
  return currentUnit.run(unit, call);
}

/** The unit named by a call's `options.transaction`, if it is one of ours. */
export function unitOf(options: unknown): MemoryUnit | undefined {
  const tx = (options as {transaction?: {connection?: unknown}} | undefined)
    ?.transaction;
  return tx?.connection instanceof MemoryUnit ? tx.connection : undefined;
}

/** A view of `collection` that records in `unit` every row written to it. */
export function recordingCollection(
  unit: MemoryUnit,
  model: string,
  collection: Collection,
): Collection {
  return new Proxy(collection, {
    set(target, id: string, value: string) {
      unit.record(model, id, target[id], value);
      target[id] = value;
      return true;
    },
    deleteProperty(target, id: string) {
      unit.record(model, id, target[id], undefined);
      delete target[id];
      return true;
    },
  });
}

/**
 * What the file may hold now: `cache` without the rows of units still
 * open. Copies only the collections those units touched.
 */
export function committedView(cache: Cache, open: Iterable<MemoryUnit>): Cache {
  let view: Cache | undefined;
  for (const unit of open) {
    for (const [model, rows] of unit.changes) {
      const current = cache[model];
      if (!current) continue;
      view ??= {...cache};
      if (view[model] === current) view[model] = {...current};
      const collection = view[model]!;
      for (const [id, {before, after}] of rows) {
        if (current[id] !== after) continue;
        if (before === undefined) delete collection[id];
        else collection[id] = before;
      }
    }
  }
  return view ?? cache;
}

/** The error of a unit whose database was reloaded under it. */
export function unitAborted(): AppError {
  return new AppError(
    'SERVICE_UNAVAILABLE',
    'The embedded database failed to write; the operation was rolled back.',
  );
}

/** juggler's memory mutations, which all take (..., options, callback). */
const MUTATIONS = [
  'create',
  'createAll',
  'updateOrCreate',
  'upsertWithWhere',
  'patchOrCreateWithWhere',
  'findOrCreate',
  'save',
  'destroy',
  'destroyAll',
  'update',
  'updateAll',
  'updateAttributes',
  'replaceById',
  'replaceOrCreate',
] as const;

type Method = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Defines on `target` each mutation of `source` so that it runs inside the
 * unit its `options.transaction` names (and fails once that unit aborted).
 */
export function routeMutationsToUnits(source: object, target: object): void {
  const from = source as Record<string, Method>;
  const to = target as Record<string, Method>;
  for (const name of MUTATIONS) {
    const original = from[name]!;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      const unit = unitOf(args[args.length - 2]);
      if (!unit) return original.apply(this, args);
      if (unit.aborted) {
        const callback = args[args.length - 1] as (err: Error) => void;
        process.nextTick(callback, unitAborted());
        return;
      }
      return runInUnit(unit, () => original.apply(this, args));
    };
    // juggler passes options only to connector methods that declare them.
    Object.defineProperty(wrapped, 'length', {value: original.length});
    to[name] = wrapped;
  }
}
