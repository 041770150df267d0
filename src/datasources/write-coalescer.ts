export type WriteCallback = (err?: Error | null) => void;

/**
 * Serializes whole-state writes and shares them between callers: a request
 * is answered by the first write that *starts* after it was made, so an
 * acknowledged change is on disk, and every request that arrives while a
 * write runs shares the next one. N concurrent changes cost about two
 * writes, not N.
 */
export class WriteCoalescer {
  private waiting: WriteCallback[] = [];
  private running = false;
  private idleWaiters: (() => void)[] = [];

  /**
   * @param write - writes the current state; called at most once at a time.
   * @param onFailure - called when a write fails, before any request is
   *   answered and with no other code running in between, so the owner can
   *   roll back exactly the changes of the requests about to fail.
   */
  constructor(
    private readonly write: () => Promise<void>,
    private readonly onFailure: (err: Error) => void = () => {},
  ) {}

  /**
   * Asks for the current state to be written; `done` is called once a write
   * that started after this call has finished, with its error if it failed.
   */
  request(done: WriteCallback): void {
    this.waiting.push(done);
    if (!this.running) this.runNext();
  }

  /** Resolves once no write is running or waiting, e.g. before shutdown. */
  idle(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise(resolve => this.idleWaiters.push(resolve));
  }

  private runNext(): void {
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) {
      this.running = false;
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      waiters.forEach(resolve => resolve());
      return;
    }
    this.running = true;
    this.write().then(
      () => this.finish(batch, null),
      // The state is written whole, so the changes of requests still
      // waiting cannot be written without the failed ones: the owner rolls
      // all of them back and they fail together.
      (err: Error) => {
        this.onFailure(err);
        this.finish([...batch, ...this.takeWaiting()], err);
      },
    );
  }

  private finish(batch: WriteCallback[], err: Error | null): void {
    // On the next tick, so a callback that throws cannot stall the queue.
    for (const done of batch) process.nextTick(done, err);
    this.runNext();
  }

  private takeWaiting(): WriteCallback[] {
    const waiting = this.waiting;
    this.waiting = [];
    return waiting;
  }
}
