import {inject, LifeCycleObserver, lifeCycleObserver} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../config';
import {IdentityBindings} from '../keys';
import {ApplicationRepository} from '../repositories';
import {Logger} from '../services/platform/logger';
import {
  BuiltInApplication,
  builtInApplications,
} from '../services/platform/web-client';
import {StartTask} from './start-task';

/**
 * Makes sure the built-in first-party public applications exist: `web`
 * (the bundled page) and `explorer` (the API explorer's sign-in), each with
 * its redirect URI under the current BASE_URL, so existing deployments get
 * a new one on their next start. Several nodes may start at once:
 * whichever creates one first wins, the others find it.
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
      'creating the first-party applications',
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

  /** Creates or completes `web` and `explorer`; safe to run concurrently. */
  async ensure(): Promise<void> {
    for (const app of builtInApplications(this.config.baseUrl)) {
      await this.ensureOne(app);
    }
  }

  private async ensureOne(wanted: BuiltInApplication): Promise<void> {
    const [redirectUri] = wanted.redirectUris;
    const existing = await this.find(wanted.id);
    if (!existing) {
      try {
        await this.applications.create(wanted);
        return;
      } catch (err) {
        // Another node created it between our read and our write.
        if (!(await this.find(wanted.id))) throw err;
        return;
      }
    }
    // A changed BASE_URL must not lock the page or the explorer out; a
    // database from before `firstParty` existed gets the mark (the policy
    // grants it to built-ins regardless, this keeps the stored record
    // telling the truth).
    const missingUri =
      !!redirectUri && !existing.redirectUris.includes(redirectUri);
    if (missingUri || existing.firstParty !== true) {
      await this.applications.updateById(wanted.id, {
        redirectUris: missingUri
          ? [...existing.redirectUris, redirectUri]
          : existing.redirectUris,
        firstParty: true,
      });
    }
  }

  private find(id: string) {
    return this.applications.findOne({where: {id}});
  }
}
