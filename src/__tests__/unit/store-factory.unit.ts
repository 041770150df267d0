import {expect} from '@loopback/testlab';
import {AppConfig} from '../../config';
import {ManualClock} from '../fixtures/manual-clock';
import {createLogger} from '../../services/platform/logger';
import {MemoryStore} from '../../services/store/memory-store';
import {RedisStore} from '../../services/store/redis-store';
import {createEphemeralStore} from '../../services/store/store-factory';

describe('createEphemeralStore', () => {
  const logger = createLogger('silent');

  it('keeps state in process when REDIS_URL is not set', async () => {
    const store = createEphemeralStore(
      givenConfig({}),
      new ManualClock(),
      logger,
    );
    expect(store).to.be.instanceOf(MemoryStore);
    expect(store.kind).to.equal('memory');
    await store.close();
  });

  it('uses Redis when REDIS_URL is set', async () => {
    // No connection is needed to tell which backend was chosen.
    const config = givenConfig({redisUrl: 'redis://127.0.0.1:1/0'});
    const store = createEphemeralStore(config, new ManualClock(), logger);
    expect(store).to.be.instanceOf(RedisStore);
    expect(store.kind).to.equal('redis');
    await store.close();
  });
});

function givenConfig(overrides: Partial<AppConfig>): AppConfig {
  return {logLevel: 'silent', ...overrides} as AppConfig;
}
