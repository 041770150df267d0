import {inject, LifeCycleObserver, lifeCycleObserver} from '@loopback/core';
import {IdentityBindings} from '../keys';
import {Logger} from '../services/platform/logger';
import {
  RETENTION_EVERY_MS,
  RetentionService,
} from '../services/tokens/retention.service';

/** The first run waits this long after start, off the start-up path. */
export const RETENTION_FIRST_RUN_MS = 60_000;

/**
 * Offers the retention job once shortly after start and then every hour;
 * the service runs it on one node of those sharing the store. A failure
 * (database or store down) is logged and left to the next tick.
 */
@lifeCycleObserver()
export class RetentionObserver implements LifeCycleObserver {
  private first?: NodeJS.Timeout;
  private every?: NodeJS.Timeout;
  private running = false;

  constructor(
    @inject(IdentityBindings.RETENTION_SERVICE)
    private readonly retention: RetentionService,
    @inject(IdentityBindings.LOGGER) private readonly logger: Logger,
  ) {}

  start(): void {
    this.stop();
    this.first = setTimeout(() => this.tick(), RETENTION_FIRST_RUN_MS);
    this.every = setInterval(() => this.tick(), RETENTION_EVERY_MS);
    this.first.unref();
    this.every.unref();
  }

  stop(): void {
    clearTimeout(this.first);
    clearInterval(this.every);
  }

  private tick(): void {
    if (this.running) return;
    this.running = true;
    this.retention
      .runIfDue()
      .catch(err => {
        this.logger.warn(
          {err: {message: (err as Error).message}},
          'retention job failed; retrying at the next tick',
        );
      })
      .finally(() => {
        this.running = false;
      });
  }
}
