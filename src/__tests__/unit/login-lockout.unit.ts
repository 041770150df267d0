import {expect} from '@loopback/testlab';
import {ManualClock} from '../fixtures/manual-clock';
import {LoginLockoutService} from '../../services/abuse/login-lockout.service';
import {MemoryStore} from '../../services/store/memory-store';
import {rateLimitSettings} from '../../services/abuse/rate-limit-settings';

describe('LoginLockoutService (unit)', () => {
  let clock: ManualClock;
  let store: MemoryStore;
  let lockout: LoginLockoutService;

  beforeEach(() => {
    clock = new ManualClock();
    store = new MemoryStore(clock);
    lockout = new LoginLockoutService(
      store,
      rateLimitSettings({lockout: {threshold: 3, stepsSec: [60, 300]}}),
    );
  });
  afterEach(() => store.close());

  async function givenFailures(n: number): Promise<(number | undefined)[]> {
    const locks = [];
    for (let i = 0; i < n; i++) locks.push(await lockout.recordFailure('u1'));
    return locks;
  }

  it('locks after the threshold, for a growing period', async () => {
    expect(await givenFailures(3)).to.eql([undefined, undefined, 60]);
    expect(await lockout.lockedFor('u1')).to.equal(60);
    clock.advance(60_000);
    expect(await lockout.lockedFor('u1')).to.equal(0);
    expect(await givenFailures(3)).to.eql([undefined, undefined, 300]);
    clock.advance(299_000);
    expect(await lockout.lockedFor('u1')).to.equal(1);
    clock.advance(1_000);
    // The last step repeats.
    expect(await givenFailures(3)).to.eql([undefined, undefined, 300]);
  });

  it('starts over after a reset', async () => {
    await givenFailures(2);
    await lockout.reset('u1');
    expect(await givenFailures(2)).to.eql([undefined, undefined]);
    expect(await lockout.lockedFor('u1')).to.equal(0);
  });

  it('keeps accounts apart', async () => {
    await givenFailures(3);
    expect(await lockout.lockedFor('u2')).to.equal(0);
  });
});
