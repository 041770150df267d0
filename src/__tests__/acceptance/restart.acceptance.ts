import {expect, sinon} from '@loopback/testlab';
import {SessionRepository, UserRepository} from '../../repositories';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {
  expectAccepted,
  expectRefused,
  expectUnavailable,
  givenRevokedAndLiveTokens,
} from '../fixtures/revocation-scene';

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

  it('refuses after a restart the tokens revoked before it (the in-process store starts empty)', async () => {
    const first = await givenRunningApp({DATA_DIR: dataDir});
    const scene = await givenRevokedAndLiveTokens(first.app, first.client);
    await first.app.stop();

    const second = await givenRunningApp({DATA_DIR: dataDir});
    try {
      await expectRefused(second.client, scene.revoked);
      await expectAccepted(second.client, scene.live);
    } finally {
      await second.app.stop();
    }
  });

  it('answers 503, never accepts a token, until the revocations could be restored', async () => {
    const first = await givenRunningApp({DATA_DIR: dataDir});
    const scene = await givenRevokedAndLiveTokens(first.app, first.client);
    await first.app.stop();

    const find = sinon
      .stub(SessionRepository.prototype, 'find')
      .rejects(new Error('database unreachable'));
    const second = await givenRunningApp({DATA_DIR: dataDir});
    try {
      await expectUnavailable(second.client, {...scene.revoked, ...scene.live});
      find.restore();
      await expectRefused(second.client, scene.revoked);
      await expectAccepted(second.client, scene.live);
    } finally {
      find.restore();
      await second.app.stop();
    }
  });
});
