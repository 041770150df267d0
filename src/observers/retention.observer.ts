import {inject, LifeCycleObserver, lifeCycleObserver} from '@loopback/core';
import {AppConfig} from '../config';
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
 * (database or store down) is logged and left to the next tick. With
 * RETENTION=false it schedules nothing: no timer, no background delete.
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
    @inject(IdentityBindings.CONFIG) private readonly config: AppConfig,
  ) {}

  start(): void {
    this.stop();
    if (!this.config.retention.enabled) return;
    this.first = setTimeout(() => this.tick(), RETENTION_FIRST_RUN_MS);
    this.every = setInterval(() => this.tick(), RETENTION_EVERY_MS);
    this.first.unref();
    this.every.unref();
  }

  stop(): void {
    clearTimeout(this.first);
    clearInterval(this.every);
    this.first = this.every = undefined;
  }

  /** True while a run is scheduled: for tests and health checks. */
  get scheduled(): boolean {
    return this.first !== undefined || this.every !== undefined;
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
