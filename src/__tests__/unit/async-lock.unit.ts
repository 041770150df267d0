import {expect} from '@loopback/testlab';
import {AsyncLock, lockFor} from '../../repositories/async-lock';

describe('AsyncLock (unit)', () => {
  it('runs tasks one at a time, in order', async () => {
    const lock = new AsyncLock();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name} start`);
      await Promise.resolve();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      lock.run(task('a')),
      lock.run(task('b')),
    ]);
    expect(results).to.eql(['a', 'b']);
    expect(log).to.eql(['a start', 'a end', 'b start', 'b end']);
  });

  it('lets later tasks run after one fails', async () => {
    const lock = new AsyncLock();
    const failed = lock.run(async () => {
      throw new Error('first fails');
    });
    const next = lock.run(async () => 'second runs');
    await expect(failed).to.be.rejectedWith('first fails');
    expect(await next).to.equal('second runs');
  });

  it('gives one lock per model and datasource', () => {
    const ds1 = {};
    const ds2 = {};
    expect(lockFor(ds1, 'User')).to.equal(lockFor(ds1, 'User'));
    expect(lockFor(ds1, 'User')).to.not.equal(lockFor(ds1, 'Session'));
    expect(lockFor(ds1, 'User')).to.not.equal(lockFor(ds2, 'User'));
  });
});
