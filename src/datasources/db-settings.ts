import type {EventEmitter} from 'node:events';
import path from 'node:path';
import {AppConfig} from '../config';
import {durableMemoryConnector} from './durable-memory.connector';

/** How long a query waits for a connection before failing (503). */
const PG_CONNECTION_TIMEOUT_MS = 5000;

/** Juggler settings for the datasource DATABASE_URL chooses. */
export function dbSettings(config: AppConfig): object {
  const {kind, url} = config.database;
  switch (kind) {
    case 'postgresql':
      return {
        name: 'db',
        // The module rather than its name: juggler would require it by name
        // from its own folder, outside the start bundle (one copy of
        // loopback-connector then, not two).
        connector: require('loopback-connector-postgresql') as object,
        url,
        // A query waits at most this long for a connection, so a server that
        // does not answer gives 503s rather than requests that hang.
        connectionTimeoutMillis: PG_CONNECTION_TIMEOUT_MS,
        // Lets the kernel notice a peer gone without a word (a failover).
        keepAlive: true,
        // Not the connector's `onError` setting: it also runs when a
        // connection attempt fails, on a client that does not exist, and
        // throws. `listenToPostgresPool` does its job.
      };
    case 'mongodb':
      return {
        name: 'db',
        connector: require('loopback-connector-mongodb') as object,
        url,
      };
    case 'memory':
      // juggler's own `file` persistence is not crash-safe; see the connector.
      return {
        name: 'db',
        connector: durableMemoryConnector,
        file: path.join(config.dataDir, 'db.json'),
      };
  }
}

/**
 * node-postgres raises a connection lost outside any query (a restart or
 * pg_terminate_backend ending idle connections) as an 'error' event, on the
 * pool for idle clients and on the client itself while it is checked out
 * (between the statements of a transaction). Unlistened, either ends the
 * process. `onIdleError` hears the pool's; a checked-out client's error
 * surfaces again as the failure of its next query, so it is only kept from
 * crashing here.
 */
export function listenToPostgresPool(
  pool: EventEmitter,
  onIdleError: (err: Error) => void,
): void {
  pool.on('error', onIdleError);
  pool.on('connect', (client: EventEmitter) => client.on('error', () => {}));
}
