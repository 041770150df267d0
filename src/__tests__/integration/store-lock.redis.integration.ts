import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {createLogger} from '../../services/platform/logger';
import {RedisStore} from '../../services/store/redis-store';
import {StoreLockService} from '../../services/store/store-lock.service';
import {requireService, TEST_REDIS_URL} from '../fixtures/services';

describe('StoreLockService across two nodes on Redis (integration)', function () {
  const logger = createLogger('silent');
  let stores: RedisStore[] = [];

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
  afterEach(async () => {
    await Promise.all(stores.map(store => store.close()));
    stores = [];
  });

  /** A pause that waits on no timer, only lets other work run. */
  const yieldOnce = () => new Promise(setImmediate);

  /** Two nodes' lock services sharing one Redis under a fresh prefix. */
  function givenTwoNodes(): [StoreLockService, StoreLockService] {
    const keyPrefix = `test:lock:${process.pid}:${randomUUID()}:`;
    stores = [0, 1].map(
      () => new RedisStore(TEST_REDIS_URL, {keyPrefix, logger}),
    );
    return [
      new StoreLockService(stores[0]!, logger, yieldOnce),
      new StoreLockService(stores[1]!, logger, yieldOnce),
    ];
  }

  it('never runs two holders of one lock at once', async () => {
    const [a, b] = givenTwoNodes();
    let inside = 0;
    let most = 0;
    const task = async () => {
      inside++;
      most = Math.max(most, inside);
      // Holders yield several times, so an overlap would be seen.
      for (let i = 0; i < 5; i++) await yieldOnce();
      inside--;
    };
    await Promise.all(
      Array.from({length: 6}, (_, i) =>
        (i % 2 ? a : b).withLock('user-1', task, {waitMs: 60_000}),
      ),
    );
    expect(most).to.equal(1);
    // Every holder released: the key is gone.
    expect(await stores[0]!.get('lock:user-1')).to.be.undefined();
  });

  it('answers CONFLICT on one node while the other holds the lock', async () => {
    const [a, b] = givenTwoNodes();
    let finish!: () => void;
    let taken!: () => void;
    const held = new Promise<void>(resolve => (taken = resolve));
    const holding = a.withLock('user-2', () => {
      taken();
      return new Promise<void>(resolve => (finish = resolve));
    });
    await held;
    await expect(
      b.withLock('user-2', async () => 'ran', {waitMs: 60, retryEveryMs: 20}),
    ).to.be.rejectedWith({code: 'CONFLICT'});
    finish();
    await holding;
    expect(await b.withLock('user-2', async () => 'ran')).to.equal('ran');
  });
});
