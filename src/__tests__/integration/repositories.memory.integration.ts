import {juggler} from '@loopback/repository';
import path from 'node:path';
import {durableMemoryConnector} from '../../datasources/durable-memory.connector';
import {givenDataDir} from '../fixtures/app';
import {describeRepositories} from './repository-suite';

// The embedded default: juggler's memory connector, persisted by ours.
describeRepositories('the embedded database (memory, persisted)', async () => {
  return new juggler.DataSource({
    name: 'db',
    connector: durableMemoryConnector,
    file: path.join(givenDataDir(), 'db.json'),
  });
});
