import {
  DataObject,
  EntityNotFoundError,
  FilterExcludingWhere,
  DefaultCrudRepository,
  juggler,
  Model,
  Options,
  Where,
} from '@loopback/repository';
import {DurableMemory} from '../datasources/durable-memory.connector';
import {TimestampedEntity} from '../models';
import {Clock, systemClock} from '../services/platform/clock';
import {uuidv7} from '../services/platform/uuidv7';
import {lockFor} from './async-lock';
import {
  duplicateWithin,
  keyValue,
  keyWhere,
  UniqueKey,
  uniqueKeysOf,
} from './unique-keys';
import {translateUniqueViolation, uniqueViolation} from './unique-violation';

/** Connectors that turn the models' unique `indexes` into real indexes. */
const ENFORCING_CONNECTORS = new Set(['postgresql', 'mongodb']);

type Row = Record<string, unknown>;

/**
 * What every repository of the service shares:
 * - `created` and `modified` from the injected clock;
 * - a `normalize` hook applied to every write;
 * - unique keys answered with a 409 AppError on every connector: the
 *   database's own violation is translated, and where the connector enforces
 *   no unique index (memory) writes to the model are serialised and checked
 *   first.
 */
export class CrudRepositoryBase<
  T extends TimestampedEntity,
  Relations extends object = {},
> extends DefaultCrudRepository<T, string, Relations> {
  private readonly uniqueKeys: UniqueKey[];
  private readonly checkInProcess: boolean;
  /**
   * Append-mostly tables (sessions, audit events, email tokens) get
   * time-ordered UUIDv7 ids: a new row's key lands at the right edge of the
   * primary key's btree, not on a random page (issue 14). Others keep the
   * model's random v4 ids: a user's id is every client's `sub`, and a v7
   * one would tell them when the account was made.
   */
  protected readonly timeOrderedIds: boolean = false;

  constructor(
    entityClass: typeof TimestampedEntity & {prototype: T},
    dataSource: juggler.DataSource,
    protected readonly clock: Clock = systemClock,
  ) {
    super(entityClass, dataSource);
    this.uniqueKeys = uniqueKeysOf(entityClass.definition);
    this.checkInProcess =
      this.uniqueKeys.length > 0 &&
      !ENFORCING_CONNECTORS.has(dataSource.connector?.name ?? '');
  }

  /**
   * On the embedded database a plain lookup by id skips juggler's query
   * pipeline (filter normalisation and coercion), which costs more than the
   * lookup itself, and builds the entity straight from the stored record.
   * This is the read on every bearer-authenticated `/users/me`.
   */
  override async findById(
    id: string,
    filter?: FilterExcludingWhere<T>,
    options?: Options & {transaction?: unknown},
  ): Promise<T & Relations> {
    const connector = this.dataSource.connector;
    const plainLookup =
      filter === undefined &&
      connector instanceof DurableMemory &&
      typeof id === 'string';
    if (!plainLookup) return super.findById(id, filter, options);
    const row = connector.record(this.modelClass.modelName, id);
    if (!row) throw new EntityNotFoundError(this.entityClass, id);
    return new this.entityClass(this.asStored(row)) as T & Relations;
  }

  /**
   * What juggler would make of a stored record: only defined properties,
   * and defaults for those a record written by an older version lacks.
   */
  private asStored(row: Record<string, unknown>): DataObject<T> {
    const properties = this.entityClass.definition.properties;
    const entity: Record<string, unknown> = {};
    for (const [name, definition] of Object.entries(properties)) {
      const value = row[name];
      if (value !== undefined && value !== null) entity[name] = value;
      else if (definition.default !== undefined) {
        entity[name] = structuredClone(definition.default);
      } else if (value === null) entity[name] = null;
    }
    return entity as DataObject<T>;
  }

  /** Stamps `created`/`modified`; a taken unique key is a 409 AppError. */
  override async create(entity: DataObject<T>, options?: Options): Promise<T> {
    const row = this.stamped(entity, true);
    return this.write(
      () => this.assertUnique([row], []),
      () => super.create(row as DataObject<T>, options),
    );
  }

  /** As create, for many; two of them sharing a unique key is a 409 too. */
  override async createAll(
    entities: DataObject<T>[],
    options?: Options,
  ): Promise<T[]> {
    const rows = entities.map(e => this.stamped(e, true));
    return this.write(
      () => this.assertUnique(rows, []),
      () => super.createAll(rows as DataObject<T>[], options),
    );
  }

  /** Creates an entity without an id, else replaces the stored one. */
  override async save(entity: T, options?: Options): Promise<T> {
    if (entity.id == null) return this.create(entity, options);
    await this.replaceById(entity.id, entity, options);
    return this.findById(entity.id, undefined, options);
  }

  /** Also serves updateById, update and the relations' patch. */
  override async updateAll(
    data: DataObject<T>,
    where?: Where<T>,
    options?: Options,
  ) {
    const changes = this.stamped(data, false);
    return this.write(
      async () => {
        const changed = Object.keys(changes);
        const keys = this.uniqueKeys.filter(k =>
          k.properties.some(p => changed.includes(p)),
        );
        if (!keys.length) return;
        const matched = await super.find({where}, options);
        const rows = matched.map(m => ({...m.toObject(), ...changes}));
        const ids = matched.map(m => m.id);
        await this.assertUnique(rows, ids, keys);
      },
      () => super.updateAll(changes as DataObject<T>, where, options),
    );
  }

  /** Replaces every property but `created`, which stays as first stored. */
  override async replaceById(
    id: string,
    data: DataObject<T>,
    options?: Options,
  ): Promise<void> {
    const row: Row = {...this.stamped(data, false), id};
    const existing = await super.findOne({where: {id}} as object, options);
    row.created = existing?.created ?? row.modified;
    return this.write(
      () => this.assertUnique([row], [id]),
      () => super.replaceById(id, row as DataObject<T>, options),
    );
  }

  /** Brings written values to their stored form; e.g. lower-cases emails. */
  protected normalize(data: DataObject<T>): DataObject<T> {
    return data;
  }

  protected override definePersistedModel(
    entityClass: typeof Model,
  ): typeof juggler.PersistedModel {
    const modelClass = super.definePersistedModel(entityClass);
    // Connectors rewrite index definitions in place while migrating (the
    // PostgreSQL one turns `keys` into arrays): each datasource gets its own
    // copy, so one migration never changes what another connector reads.
    const settings = modelClass.definition.settings ?? {};
    settings.indexes = structuredClone(entityClass.definition.settings.indexes);
    return modelClass;
  }

  private stamped(data: DataObject<T>, creating: boolean): Row {
    const now = new Date(this.clock.now());
    const row = {...this.normalize({...data})} as Row;
    // Only a create decides `created`; no update may rewrite it.
    delete row.created;
    if (creating && row.id == null && this.timeOrderedIds) row.id = uuidv7();
    return creating
      ? {...row, created: now, modified: now}
      : {...row, modified: now};
  }

  private async write<R>(
    check: () => Promise<void>,
    persist: () => Promise<R>,
  ): Promise<R> {
    try {
      if (!this.checkInProcess) return await persist();
      const lock = lockFor(
        this.dataSource.connector ?? this.dataSource,
        this.entityClass.modelName,
      );
      return await lock.run(async () => {
        await check();
        return persist();
      });
    } catch (err) {
      throw translateUniqueViolation(err);
    }
  }

  /**
   * Throws the 409 of the first unique key that two of `rows` share, or that
   * a stored row other than `exceptIds` already holds.
   */
  private async assertUnique(
    rows: Row[],
    exceptIds: string[],
    keys: readonly UniqueKey[] = this.uniqueKeys,
  ): Promise<void> {
    const shared = duplicateWithin(keys, rows);
    if (shared) throw uniqueViolation(shared.name);
    for (const key of keys) {
      for (const row of rows) {
        if (keyValue(key, row) === undefined) continue;
        const where = keyWhere(key, row);
        if (exceptIds.length) where.and.push({id: {nin: exceptIds}});
        const {count} = await super.count(where as Where<T>);
        if (count > 0) {
          throw uniqueViolation(key.name);
        }
      }
    }
  }
}
