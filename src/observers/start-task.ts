import {Logger} from '../services/platform/logger';

const RETRY_EVERY_MS = 5000;

/**
 * Runs a start-up task that needs the database. A node must start (and
 * answer `/ready` with 503) while the database is down, so a failure is
 * logged and the task retried in the background until it succeeds or
 * `stop()` is called.
 */
export class StartTask {
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly task: () => Promise<unknown>,
    private readonly logger: Logger,
    private readonly retryEveryMs = RETRY_EVERY_MS,
  ) {}

  /** Tries once now; resolves whether or not it succeeded. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.attempt();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private async attempt(): Promise<void> {
    try {
      await this.task();
    } catch (err) {
      if (this.stopped) return;
      this.logger.warn(
        {err: {message: (err as Error).message}},
        `${this.name} failed; retrying in ${this.retryEveryMs} ms`,
      );
      this.timer = setTimeout(() => {
        this.attempt().catch(() => {});
      }, this.retryEveryMs);
      this.timer.unref();
    }
  }
}
