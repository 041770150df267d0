import {inject, LifeCycleObserver, lifeCycleObserver} from '@loopback/core';
import {IdentityBindings} from '../keys';
import {Logger} from '../services/platform/logger';
import {RevocationService} from '../services/tokens/revocation.service';
import {StartTask} from './start-task';

/**
 * The in-process store starts empty, and a Redis may have lost its data
 * while no node ran, so each node makes sure on start that the store holds
 * the revocations the database remembers, before the first bearer request
 * would have to wait for it. (A store lost while nodes run is refilled by
 * the first bearer request that notices.)
 */
@lifeCycleObserver()
export class RevocationRestoreObserver implements LifeCycleObserver {
  private readonly task: StartTask;

  constructor(
    @inject(IdentityBindings.REVOCATION_SERVICE) revocations: RevocationService,
    @inject(IdentityBindings.LOGGER) logger: Logger,
  ) {
    this.task = new StartTask(
      'restoring session revocations',
      () => revocations.ensureFilled(),
      logger,
    );
  }

  async start(): Promise<void> {
    await this.task.start();
  }

  stop(): void {
    this.task.stop();
  }
}
