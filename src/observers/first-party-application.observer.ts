import {inject, LifeCycleObserver, lifeCycleObserver} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../config';
import {IdentityBindings} from '../keys';
import {ApplicationRepository} from '../repositories';
import {Logger} from '../services/platform/logger';
import {WEB_CLIENT_ID, webApplication} from '../services/platform/web-client';
import {StartTask} from './start-task';

/**
 * Makes sure the first-party public application of the bundled web page
 * exists, with `{BASE_URL}/` among its redirect URIs. Several nodes may
 * start at once: whichever creates it first wins, the others find it.
 */
@lifeCycleObserver()
export class FirstPartyApplicationObserver implements LifeCycleObserver {
  private readonly task: StartTask;

  constructor(
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(IdentityBindings.LOGGER) logger: Logger,
  ) {
    this.task = new StartTask(
      'creating the first-party application',
      () => this.ensure(),
      logger,
    );
  }

  async start(): Promise<void> {
    await this.task.start();
  }

  stop(): void {
    this.task.stop();
  }

  /** Creates or completes the `web` application; safe to run concurrently. */
  async ensure(): Promise<void> {
    const redirectUri = `${this.config.baseUrl}/`;
    const existing = await this.find();
    if (!existing) {
      try {
        await this.applications.create(webApplication(this.config.baseUrl));
        return;
      } catch (err) {
        // Another node created it between our read and our write.
        if (!(await this.find())) throw err;
        return;
      }
    }
    // A changed BASE_URL must not lock the web page out; a database from
    // before `firstParty` existed gets the mark (the policy grants it to
    // `web` regardless, this keeps the stored record telling the truth).
    const missingUri = !existing.redirectUris.includes(redirectUri);
    if (missingUri || existing.firstParty !== true) {
      await this.applications.updateById(WEB_CLIENT_ID, {
        redirectUris: missingUri
          ? [...existing.redirectUris, redirectUri]
          : existing.redirectUris,
        firstParty: true,
      });
    }
  }

  private find() {
    return this.applications.findOne({where: {id: WEB_CLIENT_ID}});
  }
}
