import {juggler} from '@loopback/repository';
import {requireService, TEST_DATABASE_URL} from '../fixtures/services';
import {describeRepositories} from './repository-suite';

describeRepositories('PostgreSQL', async mocha => {
  await requireService(
    mocha,
    'PostgreSQL repository',
    TEST_DATABASE_URL,
    'set TEST_DATABASE_URL=postgres://…',
  );
  return new juggler.DataSource({
    name: 'db',
    connector: 'postgresql',
    url: TEST_DATABASE_URL,
  });
});
