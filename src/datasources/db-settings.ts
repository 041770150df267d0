import path from 'node:path';
import {AppConfig} from '../config';
import {durableMemoryConnector} from './durable-memory.connector';

/** Juggler settings for the datasource DATABASE_URL chooses. */
export function dbSettings(config: AppConfig): object {
  const {kind, url} = config.database;
  switch (kind) {
    case 'postgresql':
      return {name: 'db', connector: 'postgresql', url};
    case 'mongodb':
      return {name: 'db', connector: 'mongodb', url};
    case 'memory':
      // juggler's own `file` persistence is not crash-safe; see the connector.
      return {
        name: 'db',
        connector: durableMemoryConnector,
        file: path.join(config.dataDir, 'db.json'),
      };
  }
}
