import {inject, lifeCycleObserver, LifeCycleObserver} from '@loopback/core';
import {juggler} from '@loopback/repository';
import type {EventEmitter} from 'node:events';
import {AppConfig} from '../config';
import {IdentityBindings} from '../keys';
import {Logger} from '../services/platform/logger';
import {dbSettings, listenToPostgresPool} from './db-settings';

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

  override async stop(): Promise<void> {
    await this.disconnect();
  }
}
