import {expect} from '@loopback/testlab';
import {WriteCoalescer} from '../../datasources/write-coalescer';

describe('WriteCoalescer', () => {
  it('answers a request made during a write only after the next write', async () => {
    const {coalescer, writes} = givenControlledWrites();
    const first = givenRequest(coalescer);
    const second = givenRequest(coalescer);

    writes[0]!.finish();
    await first.answered;
    expect(second.isAnswered()).to.be.false();
    expect(writes).to.have.length(2);

    writes[1]!.finish();
    await second.answered;
  });

  it('lets every request made during one write share the next write', async () => {
    const {coalescer, writes} = givenControlledWrites();
    const requests = Array.from({length: 50}, () => givenRequest(coalescer));

    writes[0]!.finish();
    await requests[0]!.answered;
    writes[1]!.finish();
    await Promise.all(requests.map(r => r.answered));

    expect(writes).to.have.length(2);
  });

  it('fails the failed write and the requests waiting behind it, after the rollback hook', async () => {
    const events: string[] = [];
    const {coalescer, writes} = givenControlledWrites(err =>
      events.push(`rollback: ${err.message}`),
    );
    const first = givenRequest(coalescer, () => events.push('first answered'));
    const waiting = givenRequest(coalescer);

    writes[0]!.fail(new Error('disk full'));

    expect(await first.answered).to.have.property('message', 'disk full');
    expect(await waiting.answered).to.have.property('message', 'disk full');
    expect(writes).to.have.length(1);
    expect(events).to.deepEqual(['rollback: disk full', 'first answered']);
  });

  it('writes again for a request made after a failure', async () => {
    const {coalescer, writes} = givenControlledWrites();
    const failed = givenRequest(coalescer);
    writes[0]!.fail(new Error('disk full'));
    await failed.answered;

    const next = givenRequest(coalescer);
    writes[1]!.finish();
    expect(await next.answered).to.be.null();
  });

  it('resolves idle() only after the waiting writes are done', async () => {
    const {coalescer, writes} = givenControlledWrites();
    const first = givenRequest(coalescer);
    givenRequest(coalescer);
    let idle = false;
    const done = coalescer.idle().then(() => (idle = true));

    writes[0]!.finish();
    await first.answered;
    expect(idle).to.be.false();
    writes[1]!.finish();
    await done;
    expect(idle).to.be.true();
  });
});

interface ControlledWrite {
  finish(): void;
  fail(err: Error): void;
}

/** A coalescer whose writes complete only when the test says so. */
function givenControlledWrites(onFailure?: (err: Error) => void) {
  const writes: ControlledWrite[] = [];
  const coalescer = new WriteCoalescer(
    () =>
      new Promise<void>((resolve, reject) => {
        writes.push({finish: resolve, fail: reject});
      }),
    onFailure,
  );
  return {coalescer, writes};
}

function givenRequest(coalescer: WriteCoalescer, onAnswer = () => {}) {
  let answered = false;
  const promise = new Promise<Error | null>(resolve =>
    coalescer.request(err => {
      answered = true;
      onAnswer();
      resolve(err ?? null);
    }),
  );
  return {answered: promise, isAnswered: () => answered};
}
