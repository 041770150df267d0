import {expect} from '@loopback/testlab';
import {setTimeout as sleep} from 'node:timers/promises';
import {RevocationRestoreObserver} from '../../observers/revocation-restore.observer';
import {createLogger} from '../../services/platform/logger';
import {RevocationService} from '../../services/tokens/revocation.service';

/** A RevocationService that counts renewals, each taking `tookMs`. */
function givenRevocations(tookMs: number) {
  const counts = {renewals: 0, running: 0, mostAtOnce: 0};
  const revocations = {
    ensureFilled: async () => {},
    renewFilled: async () => {
      counts.renewals++;
      counts.running++;
      counts.mostAtOnce = Math.max(counts.mostAtOnce, counts.running);
      await sleep(tookMs);
      counts.running--;
      if (counts.renewals === 2) throw new Error('store unreachable');
    },
  } as unknown as RevocationService;
  return {revocations, counts};
}

describe('RevocationRestoreObserver upkeep (unit)', () => {
  const logger = createLogger('silent');

  it('renews the store every interval from start to stop, through failures', async () => {
    const {revocations, counts} = givenRevocations(0);
    const observer = new RevocationRestoreObserver(revocations, logger, 10);
    await observer.start();
    await sleep(100);
    observer.stop();
    const atStop = counts.renewals;
    // The second renewal failed; the ones after it ran all the same.
    expect(atStop).to.be.greaterThan(3);
    await sleep(50);
    expect(counts.renewals).to.equal(atStop);
  });

  it('never runs two renewals at once', async () => {
    const {revocations, counts} = givenRevocations(40);
    const observer = new RevocationRestoreObserver(revocations, logger, 5);
    await observer.start();
    await sleep(150);
    observer.stop();
    expect(counts.renewals).to.be.greaterThan(1);
    expect(counts.mostAtOnce).to.equal(1);
  });
});
