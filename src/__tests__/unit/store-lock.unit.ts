import {expect} from '@loopback/testlab';
import {ManualClock} from '../fixtures/manual-clock';
import {createLogger} from '../../services/platform/logger';
import {MemoryStore} from '../../services/store/memory-store';
import {StoreLockService} from '../../services/store/store-lock.service';

describe('StoreLockService (unit)', () => {
  let clock: ManualClock;
  let store: MemoryStore;
  let locks: StoreLockService;
  /** Each pause a waiter asked for; none of them waits on a real timer. */
  let slept: number[];
  /** Runs at each pause, e.g. to let the holder finish meanwhile. */
  let onSleep: () => void;
  beforeEach(() => {
    clock = new ManualClock();
    store = new MemoryStore(clock);
    slept = [];
    onSleep = () => {};
    locks = new StoreLockService(store, createLogger('silent'), async ms => {
      slept.push(ms);
      onSleep();
      // Yield to the event loop, as a real pause would, so the holder runs.
      await new Promise(setImmediate);
    });
  });
  afterEach(() => store.close());

  /** A task that runs until `finish()` is called. */
  function givenHeldTask() {
    let finish!: () => void;
    const done = new Promise<void>(resolve => (finish = resolve));
    return {task: () => done, finish};
  }

  it('runs the task, answers its value and frees the lock', async () => {
    expect(await locks.withLock('a', async () => 42)).to.equal(42);
    expect(await store.get('lock:a')).to.be.undefined();
  });

  it('frees the lock when the task throws', async () => {
    await expect(
      locks.withLock('a', async () => {
        throw new Error('boom');
      }),
    ).to.be.rejectedWith('boom');
    expect(await store.get('lock:a')).to.be.undefined();
  });

  it('runs a waiting caller after the holder finishes, never both at once', async () => {
    const held = givenHeldTask();
    const order: string[] = [];
    const first = locks.withLock('a', async () => {
      order.push('first:start');
      await held.task();
      order.push('first:end');
    });
    const second = locks.withLock('a', async () => {
      order.push('second');
    });
    onSleep = () => {
      if (slept.length === 3) held.finish();
    };
    await Promise.all([first, second]);
    expect(order).to.eql(['first:start', 'first:end', 'second']);
    expect(slept.length).to.be.aboveOrEqual(3);
  });

  it('gives up with CONFLICT after waitMs and runs nothing', async () => {
    const held = givenHeldTask();
    const holding = locks.withLock('a', held.task);
    let ran = false;
    await expect(
      locks.withLock(
        'a',
        async () => {
          ran = true;
        },
        {waitMs: 50, retryEveryMs: 10},
      ),
    ).to.be.rejectedWith({code: 'CONFLICT', statusCode: 409});
    expect(ran).to.be.false();
    // 50 ms of waiting is five pauses of 10 ms, then one last attempt.
    expect(slept).to.eql([10, 10, 10, 10, 10]);
    held.finish();
    await holding;
  });

  it('keeps other names apart', async () => {
    const held = givenHeldTask();
    const holding = locks.withLock('a', held.task);
    expect(await locks.withLock('b', async () => 'b ran')).to.equal('b ran');
    held.finish();
    await holding;
  });

  it('a holder that never releases frees the lock at its TTL', async () => {
    // As if the node holding it had died: the lock is in the store only.
    await store.set('lock:a', 'someone-else', 10_000);
    await expect(
      locks.withLock('a', async () => 1, {waitMs: 0}),
    ).to.be.rejectedWith({code: 'CONFLICT'});
    clock.advance(10_000);
    expect(await locks.withLock('a', async () => 1, {waitMs: 0})).to.equal(1);
  });

  it('does not release a lock another caller took after its TTL', async () => {
    await locks.withLock(
      'a',
      async () => {
        clock.advance(10_000);
        await store.set('lock:a', 'next-holder', 10_000);
      },
      {ttlMs: 10_000},
    );
    expect(await store.get('lock:a')).to.equal('next-holder');
  });
});
