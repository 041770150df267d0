import {ManualClock} from '../fixtures/manual-clock';
import {MemoryStore} from '../../services/store/memory-store';
import {describeEphemeralStore} from '../fixtures/ephemeral-store.suite';

describe('MemoryStore', () => {
  describeEphemeralStore(givenMemoryStore);
});

async function givenMemoryStore() {
  const clock = new ManualClock();
  return {
    store: new MemoryStore(clock),
    elapse: async (ms: number) => clock.advance(ms),
  };
}
