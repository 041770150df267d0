import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {AccountBindings} from './keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from '../tokens/keys';
import {
  ApplicationCredentialRepository,
  ApplicationRepository,
  ResourceRepository,
  UnitOfWork,
  UserRepository,
} from '../../repositories';
import {CorsPolicyService} from '../platform/cors-policy.service';
import {FirstPartyPolicyService} from '../tokens/first-party-policy.service';
import {SessionService} from '../tokens/session.service';

/**
 * What happens to client applications when they go away or their owner
 * does: an application never outlives its owner, ownerless and still
 * signing people in with its provider credentials.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: AccountBindings.APPLICATION_OWNERSHIP_SERVICE},
})
export class ApplicationOwnershipService {
  constructor(
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
    @repository(ApplicationCredentialRepository)
    private credentials: ApplicationCredentialRepository,
    @repository(UserRepository) private users: UserRepository,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(PlatformBindings.CORS_POLICY_SERVICE)
    private cors: CorsPolicyService,
    @inject(TokenBindings.FIRST_PARTY_POLICY_SERVICE)
    private firstParty: FirstPartyPolicyService,
    @inject(SharedBindings.UNIT_OF_WORK) private units: UnitOfWork,
    @repository(ResourceRepository) private resources: ResourceRepository,
  ) {}

  /**
   * Removes one application: disabled first, so no login opens a session
   * while its sessions are revoked and its provider credentials and users'
   * consents deleted; an API (Resource) it served no longer names it.
   * Each step can be repeated, so a sweep that failed midway is finished
   * by running it again.
   */
  async remove(id: string): Promise<void> {
    await this.applications.updateById(id, {disabled: true});
    this.cors.invalidate();
    this.firstParty.invalidate(id);
    await this.sessions.revokeAllForApplication(id);
    // Together; without transactions the credentials and consents first,
    // so a crash leaves a disabled application its owner can delete again.
    await this.units.run(async ({options}) => {
      await this.credentials.deleteAll({applicationId: id}, options);
      await this.applications.consents(id).delete(undefined, options);
      await this.resources.updateAll(
        // Stored null: the field is cleared on every connector.
        {applicationId: null as unknown as undefined},
        {applicationId: id},
        options,
      );
      await this.applications.deleteById(id, options);
    });
    this.cors.invalidate();
  }

  /**
   * Throws `VALIDATION_FAILED` unless `targetId` may take over the
   * applications of `ownerId`: an existing user other than the owner.
   * Call before anything of the owner is removed.
   */
  async checkTransfer(ownerId: string, targetId: string): Promise<void> {
    if (targetId === ownerId) {
      throw new AppError(
        'VALIDATION_FAILED',
        'transferApplicationsTo must name another user than the one deleted.',
      );
    }
    if (!(await this.users.exists(targetId))) {
      throw new AppError(
        'VALIDATION_FAILED',
        'transferApplicationsTo names no existing user.',
      );
    }
  }

  /**
   * Deals with the applications of a user who is being deleted: removes
   * each (see `remove`), or gives them all to `transferTo` (checked with
   * `checkTransfer` beforehand). Returns the ids concerned.
   */
  async releaseOwnedBy(
    ownerId: string,
    transferTo?: string,
  ): Promise<string[]> {
    const owned = await this.applications.find({
      where: {ownerId},
      fields: {id: true},
    });
    const ids = owned.map(app => app.id);
    if (!ids.length) return ids;
    if (transferTo) {
      await this.applications.updateAll({ownerId: transferTo}, {ownerId});
      return ids;
    }
    for (const id of ids) await this.remove(id);
    return ids;
  }
}
