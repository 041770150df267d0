import {inject, LifeCycleObserver, lifeCycleObserver} from '@loopback/core';
import {AppConfig} from '../config';
import {IdentityBindings} from '../keys';
import {FirstAdminService} from '../services/accounts/first-admin.service';
import {Logger} from '../services/platform/logger';

/**
 * On start, makes the ADMIN_EMAIL account an admin (creating it with
 * ADMIN_PASSWORD when absent). A weak ADMIN_PASSWORD stops the start.
 */
@lifeCycleObserver()
export class FirstAdminObserver implements LifeCycleObserver {
  constructor(
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(IdentityBindings.FIRST_ADMIN_SERVICE)
    private firstAdmin: FirstAdminService,
    @inject(IdentityBindings.LOGGER) private logger: Logger,
  ) {}

  /** Runs once per start, after boot (and the embedded migration). */
  async start(): Promise<void> {
    const admin = this.config.admin;
    if (!admin) return;
    const outcome = await this.firstAdmin.ensure(admin.email, admin.password);
    if (outcome !== 'unchanged') {
      this.logger.info({email: admin.email, outcome}, 'first admin ready');
    }
  }
}
