import {expect} from '@loopback/testlab';
import {UserRepository} from '../../repositories';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';

describe('the embedded database across a restart', () => {
  let dataDir: string;
  before(() => {
    dataDir = givenDataDir();
  });
  after(() => removeDataDir(dataDir));

  it('keeps what was written before the restart', async () => {
    const first = await givenRunningApp({DATA_DIR: dataDir});
    const users = await first.app.getRepository(UserRepository);
    const created = await users.create({
      email: 'Restart@Example.com',
      name: 'Before Restart',
    });
    await first.app.stop();

    const second = await givenRunningApp({DATA_DIR: dataDir});
    try {
      const found = await (
        await second.app.getRepository(UserRepository)
      ).findById(created.id);
      expect(found).to.containDeep({
        email: 'restart@example.com',
        name: 'Before Restart',
      });
      await second.client.get('/ready').expect(200);
    } finally {
      await second.app.stop();
    }
  });
});
