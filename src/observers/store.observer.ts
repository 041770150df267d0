import {inject, LifeCycleObserver, lifeCycleObserver} from '@loopback/core';
import {IdentityBindings} from '../keys';
import {EphemeralStore} from '../services/store/ephemeral-store';

/**
 * Closes the ephemeral store when the application stops. It is in the
 * default group, which stops after the REST server's, so requests still in
 * flight during the grace period can use the store. A stopped application
 * is not restarted with the same store.
 */
@lifeCycleObserver()
export class StoreObserver implements LifeCycleObserver {
  constructor(
    @inject(IdentityBindings.STORE) private readonly store: EphemeralStore,
  ) {}

  /** Quits the Redis connection so the process can exit cleanly. */
  async stop(): Promise<void> {
    await this.store.close();
  }
}
