import {juggler} from '@loopback/repository';
import {requireService, TEST_MONGODB_URL} from '../fixtures/services';
import {describeRepositories} from './repository-suite';

describeRepositories('MongoDB', async mocha => {
  await requireService(
    mocha,
    'MongoDB repository',
    TEST_MONGODB_URL,
    'set TEST_MONGODB_URL=mongodb://127.0.0.1:27017/identity_test to run it',
  );
  return new juggler.DataSource({
    name: 'db',
    connector: 'mongodb',
    url: TEST_MONGODB_URL,
  });
});
