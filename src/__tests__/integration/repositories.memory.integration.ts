import {juggler} from '@loopback/repository';
import {describeRepositories} from './repository-suite';

describeRepositories('the memory connector', async () => {
  return new juggler.DataSource({name: 'db', connector: 'memory'});
});
