import {expect} from '@loopback/testlab';
import {ManualClock} from '../fixtures/manual-clock';
import {
  MEMORY_STORE_MAX_ENTRIES,
  MemoryStore,
} from '../../services/store/memory-store';

describe('MemoryStore size cap (unit)', () => {
  let clock: ManualClock;
  let store: MemoryStore;
  afterEach(() => store.close());

  function givenStore(maxEntries?: number): MemoryStore {
    clock = new ManualClock();
    store = new MemoryStore(clock, 60_000, maxEntries);
    return store;
  }

  const full = {code: 'SERVICE_UNAVAILABLE', statusCode: 503};

  it('refuses new keys past the cap with SERVICE_UNAVAILABLE', async () => {
    givenStore(3);
    for (const key of ['a', 'b', 'c']) await store.set(key, '1', 60_000);
    await expect(store.set('d', '1', 60_000)).to.be.rejectedWith(full);
    await expect(store.setIfAbsent('d', '1', 60_000)).to.be.rejectedWith(full);
    await expect(store.increment('d', 60_000)).to.be.rejectedWith(full);
    expect(await store.get('d')).to.be.undefined();
  });

  it('still replaces, counts and removes existing keys when full', async () => {
    givenStore(2);
    await store.set('a', '1', 60_000);
    await store.set('n', '1', 60_000);
    await store.set('a', '2', 60_000);
    expect(await store.get('a')).to.equal('2');
    expect(await store.increment('n', 60_000)).to.equal(2);
    expect(await store.take('a')).to.equal('2');
    await store.set('d', '1', 60_000);
    expect(await store.get('d')).to.equal('1');
  });

  it('sweeps expired entries before refusing', async () => {
    givenStore(2);
    await store.set('short', '1', 1_000);
    await store.set('long', '1', 60_000);
    clock.advance(1_000);
    await store.set('new', '1', 60_000);
    expect(await store.get('new')).to.equal('1');
    expect(await store.get('long')).to.equal('1');
  });

  it('holds 100 000 entries by default, and no more', async () => {
    expect(MEMORY_STORE_MAX_ENTRIES).to.equal(100_000);
    givenStore();
    for (let i = 0; i < MEMORY_STORE_MAX_ENTRIES; i++) {
      await store.set(`k${i}`, '', 60_000);
    }
    await expect(store.set('one-more', '', 60_000)).to.be.rejectedWith(full);
  });
});
