import {inject, lifeCycleObserver, LifeCycleObserver} from '@loopback/core';
import {juggler} from '@loopback/repository';
import type {EventEmitter} from 'node:events';
import {AppConfig} from '../config';
import {IdentityBindings} from '../keys';
import {Logger} from '../services/platform/logger';
import {dbSettings, listenToPostgresPool} from './db-settings';
import {applyStorageParameters} from './storage-parameters';

type Models = string | string[] | undefined;
type Done = (err?: unknown) => void;

/** The accounts database: embedded memory, PostgreSQL or MongoDB. */
@lifeCycleObserver('datasource')
export class DbDataSource
  extends juggler.DataSource
  implements LifeCycleObserver
{
  static dataSourceName = IdentityBindings.DATASOURCE_NAME;

  constructor(
    @inject(IdentityBindings.CONFIG) config: AppConfig,
    @inject(IdentityBindings.LOGGER) logger: Logger,
  ) {
    super(dbSettings(config));
    if (config.database.kind === 'postgresql') {
      listenToPostgresPool(
        (this.connector as unknown as {pg: EventEmitter}).pg,
        err =>
          logger.warn(
            {err: {message: err.message, code: (err as {code?: string}).code}},
            'database connection lost; the pool reconnects on the next query',
          ),
      );
    }
    // An unreachable database server must not crash the process: requests
    // fail with 503, /ready reports it, and the connector reconnects when it
    // is back.
    // The embedded database has no server: its errors (a corrupt file) must
    // stop the start, so they are left to throw.
    if (config.database.kind !== 'memory') {
      this.on('error', (err: Error) =>
        logger.error(
          {err: {message: err.message}},
          'database connection failed',
        ),
      );
    }
  }

  /** The connector's autoupdate, then the tables' storage parameters. */
  override autoupdate(models?: Models): Promise<void>;
  override autoupdate(models: Models, callback: Done): void;
  override autoupdate(models?: Models, callback?: Done): Promise<void> | void {
    return this.settled(super.autoupdate(models), models, callback);
  }

  /** The connector's automigrate, then the tables' storage parameters. */
  override automigrate(models?: Models): Promise<void>;
  override automigrate(models: Models, callback: Done): void;
  override automigrate(models?: Models, callback?: Done): Promise<void> | void {
    return this.settled(super.automigrate(models), models, callback);
  }

  /** `migrated`, then the parameters, as a promise or through `callback`. */
  private settled(
    migrated: Promise<void>,
    models: Models,
    callback?: Done,
  ): Promise<void> | void {
    const done = migrated.then(() => applyStorageParameters(this, models));
    if (!callback) return done;
    done.then(() => callback(), callback);
  }

  override async stop(): Promise<void> {
    await this.disconnect();
  }
}
