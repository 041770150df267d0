import {inject, LifeCycleObserver, lifeCycleObserver} from '@loopback/core';
import {IdentityBindings} from '../keys';
import {EphemeralStore} from '../services/ephemeral-store';
import {SessionService} from '../services/session.service';

/**
 * The in-process store starts empty, so a restart would forget which
 * sessions were revoked while their access tokens are still unexpired. The
 * database remembers; this re-marks them on start. Redis keeps its marks.
 */
@lifeCycleObserver()
export class RevocationRestoreObserver implements LifeCycleObserver {
  constructor(
    @inject(IdentityBindings.STORE) private store: EphemeralStore,
    @inject(IdentityBindings.SESSION_SERVICE) private sessions: SessionService,
  ) {}

  async start(): Promise<void> {
    if (this.store.kind === 'memory') {
      await this.sessions.restoreRecentRevocations();
    }
  }
}
