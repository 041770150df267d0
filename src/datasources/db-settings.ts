import path from 'node:path';
import {AppConfig} from '../config';

/** Juggler settings for the datasource DATABASE_URL chooses. */
export function dbSettings(config: AppConfig): object {
  const {kind, url} = config.database;
  switch (kind) {
    case 'postgresql':
      return {name: 'db', connector: 'postgresql', url};
    case 'mongodb':
      return {name: 'db', connector: 'mongodb', url};
    case 'memory':
      return {
        name: 'db',
        connector: 'memory',
        file: path.join(config.dataDir, 'db.json'),
      };
  }
}
