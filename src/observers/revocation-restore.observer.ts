import {inject, LifeCycleObserver, lifeCycleObserver} from '@loopback/core';
import {IdentityBindings} from '../keys';
import {EphemeralStore} from '../services/ephemeral-store';
import {Logger} from '../services/logger';
import {SessionService} from '../services/session.service';
import {StartTask} from './start-task';

/**
 * The in-process store starts empty, so a restart would forget which
 * sessions were revoked while their access tokens are still unexpired. The
 * database remembers; this re-marks them on start. Redis keeps its marks.
 */
@lifeCycleObserver()
export class RevocationRestoreObserver implements LifeCycleObserver {
  private readonly task: StartTask;

  constructor(
    @inject(IdentityBindings.STORE) private store: EphemeralStore,
    @inject(IdentityBindings.SESSION_SERVICE) sessions: SessionService,
    @inject(IdentityBindings.LOGGER) logger: Logger,
  ) {
    this.task = new StartTask(
      'restoring session revocations',
      () => sessions.restoreRecentRevocations(),
      logger,
    );
  }

  async start(): Promise<void> {
    if (this.store.kind === 'memory') await this.task.start();
  }

  stop(): void {
    this.task.stop();
  }
}
