import {inject, LifeCycleObserver, lifeCycleObserver} from '@loopback/core';
import {IdentityBindings} from '../keys';
import {Logger} from '../services/platform/logger';
import {RevocationService} from '../services/tokens/revocation.service';
import {StartTask} from './start-task';

/**
 * How often each node checks that the store still holds the revocations:
 * the longest an API reading them in store mode answers 503 after the
 * store lost its data, when no bearer request reaches the service first.
 */
export const REVOCATION_UPKEEP_MS = 10_000;

/**
 * The in-process store starts empty, and a Redis may have lost its data
 * while no node ran, so each node makes sure on start that the store holds
 * the revocations the database remembers, before the first bearer request
 * would have to wait for it. Afterwards it keeps them there (a store lost
 * while nodes run is refilled by the first bearer request that notices, or
 * by the next upkeep), so the store never lapses for readers that cannot
 * refill it.
 */
@lifeCycleObserver()
export class RevocationRestoreObserver implements LifeCycleObserver {
  private readonly task: StartTask;
  private upkeep?: NodeJS.Timeout;
  private renewing = false;

  constructor(
    @inject(IdentityBindings.REVOCATION_SERVICE)
    private readonly revocations: RevocationService,
    @inject(IdentityBindings.LOGGER) private readonly logger: Logger,
    private readonly upkeepEveryMs = REVOCATION_UPKEEP_MS,
  ) {
    this.task = new StartTask(
      'restoring session revocations',
      () => revocations.ensureFilled(),
      logger,
    );
  }

  async start(): Promise<void> {
    await this.task.start();
    clearInterval(this.upkeep);
    this.upkeep = setInterval(() => this.renew(), this.upkeepEveryMs);
    this.upkeep.unref();
  }

  stop(): void {
    this.task.stop();
    clearInterval(this.upkeep);
    this.upkeep = undefined;
  }

  /** One renewal at a time; an outage is the store's to report. */
  private renew(): void {
    if (this.renewing) return;
    this.renewing = true;
    this.revocations
      .renewFilled()
      .catch(err => {
        this.logger.debug(
          {err: {message: (err as Error).message}},
          'revocation upkeep failed; retrying',
        );
      })
      .finally(() => {
        this.renewing = false;
      });
  }
}
