import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {setTimeout as delay} from 'node:timers/promises';
import {Writable} from 'node:stream';
import {createLogger} from '../../services/platform/logger';
import {RedisStore} from '../../services/store/redis-store';
import {
  describeEphemeralStore,
  StoreHarness,
} from '../fixtures/ephemeral-store.suite';
import {requireService, TEST_REDIS_URL} from '../fixtures/services';

/** Nothing listens here: connections are refused at once. */
const CLOSED_PORT_URL = 'redis://127.0.0.1:1/0';

describe('RedisStore (integration)', function () {
  // mocha's context, for requireService to mark the suite pending
  before(
    /** @this Mocha.Context */ async function () {
      await requireService(
        this,
        'Redis',
        TEST_REDIS_URL,
        'set TEST_REDIS_URL or run Redis on 127.0.0.1:6379',
      );
    },
  );

  describeEphemeralStore(givenRedisHarness);

  describe('on a shared Redis', () => {
    let stores: RedisStore[] = [];
    afterEach(async () => {
      for (const store of stores) await cleanupKeys(store);
      await Promise.all(stores.map(store => store.close()));
      stores = [];
    });

    it('gives a value to exactly one of two nodes taking it', async () => {
      const prefix = givenPrefix();
      const [a, b] = (stores = [
        givenRedisStore(prefix),
        givenRedisStore(prefix),
      ]);
      await a!.set('code', 'secret', 60_000);
      const taken = await Promise.all(
        Array.from({length: 20}, (_, i) => (i % 2 ? a! : b!).take('code')),
      );
      expect(taken.filter(v => v !== undefined)).to.deepEqual(['secret']);
    });

    it('writes every key under its prefix', async () => {
      const store = givenRedisStore(givenPrefix());
      const other = givenRedisStore(givenPrefix());
      stores = [store, other];
      await store.set('k', 'v', 60_000);
      expect(await store.client.get(`${store.keyPrefix}k`)).to.equal('v');
      expect(await store.client.exists('k')).to.equal(0);
      expect(await other.get('k')).to.be.undefined();
    });

    it('reports a key written without a TTL as never expiring', async () => {
      const store = givenRedisStore(givenPrefix());
      stores = [store];
      await store.client.set(`${store.keyPrefix}forever`, 'v');
      expect(await store.ttl('forever')).to.equal(Number.POSITIVE_INFINITY);
    });

    it('gives a counter found without a TTL one', async () => {
      const store = givenRedisStore(givenPrefix());
      stores = [store];
      await store.client.set(`${store.keyPrefix}n`, '5');
      expect(await store.increment('n', 10_000)).to.equal(6);
      expect(await store.ttl('n')).to.be.within(9_000, 10_000);
    });
  });

  describe('when Redis cannot be reached', () => {
    let store: RedisStore | undefined;
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    it('fails ping promptly with SERVICE_UNAVAILABLE', async () => {
      store = givenRedisStore(givenPrefix(), CLOSED_PORT_URL);
      const started = Date.now();
      await expect(store.ping()).to.be.rejectedWith({
        code: 'SERVICE_UNAVAILABLE',
        statusCode: 503,
      });
      expect(Date.now() - started).to.be.below(3000);
    });

    it('fails every command promptly, not only the first', async () => {
      store = givenRedisStore(givenPrefix(), CLOSED_PORT_URL);
      await expect(store.ping()).to.be.rejected();
      const started = Date.now();
      await expect(store.take('code')).to.be.rejectedWith({
        code: 'SERVICE_UNAVAILABLE',
      });
      await expect(store.increment('n', 1000)).to.be.rejectedWith({
        code: 'SERVICE_UNAVAILABLE',
      });
      expect(Date.now() - started).to.be.below(1000);
    });

    it('logs the outage through the logger once, at error level', async () => {
      const lines: {level: string; msg: string; store?: string}[] = [];
      const logger = createLogger('info', givenLineSink(lines));
      store = new RedisStore(CLOSED_PORT_URL, {logger});
      await expect(store.ping()).to.be.rejected();
      // Let a few reconnect attempts fail as well.
      await delay(400);
      expect(lines).to.containDeep([
        {level: 'error', store: 'redis', msg: 'store unreachable; retrying'},
      ]);
      expect(lines.filter(l => l.level === 'error')).to.have.length(1);
    });
  });
});

const silentLogger = createLogger('silent');

function givenPrefix(): string {
  return `test:store:${process.pid}:${randomUUID()}:`;
}

function givenRedisStore(keyPrefix: string, url = TEST_REDIS_URL): RedisStore {
  return new RedisStore(url, {keyPrefix, logger: silentLogger});
}

async function givenRedisHarness(): Promise<StoreHarness> {
  const store = givenRedisStore(givenPrefix());
  return {
    store,
    // Redis expires on its own clock, so the test waits for real.
    elapse: ms => delay(ms),
    cleanup: () => cleanupKeys(store),
  };
}

/** Removes the keys a test wrote, so runs leave the shared Redis clean. */
async function cleanupKeys(store: RedisStore): Promise<void> {
  if (store.client.status !== 'ready') return;
  let cursor = '0';
  do {
    const [next, keys] = await store.client.scan(
      cursor,
      'MATCH',
      `${store.keyPrefix}*`,
      'COUNT',
      1000,
    );
    if (keys.length) await store.client.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}

function givenLineSink(lines: object[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
}
