import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {MfaFactor} from '../../models';
import {
  MfaFactorRepository,
  RecoveryCodeRepository,
  UnitOfWork,
  UserRepository,
} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {MfaBindings} from './keys';

/** A factor as an administrator sees it: never a secret or a key. */
export interface FactorSummary {
  id: string;
  type: MfaFactor['type'];
  name: string;
  created?: Date;
  confirmedAt?: Date;
  lastUsedAt?: Date;
}

/**
 * What an administrator does for a person who lost every factor and their
 * recovery codes: sees their factors, and removes them all, so the person
 * signs in with the first factor alone and enrols again.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MfaBindings.MFA_RESET_SERVICE},
})
export class MfaResetService {
  constructor(
    @repository(UserRepository) private users: UserRepository,
    @repository(MfaFactorRepository) private factors: MfaFactorRepository,
    @repository(RecoveryCodeRepository)
    private recoveryCodes: RecoveryCodeRepository,
    @inject(SharedBindings.UNIT_OF_WORK) private units: UnitOfWork,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /** The user's factors, oldest first; `NOT_FOUND` for no such user. */
  async factorsOf(userId: string): Promise<FactorSummary[]> {
    await this.requireUser(userId);
    const factors = await this.factors.find({
      where: {userId},
      order: ['created ASC'],
    });
    return factors.map(summary);
  }

  /**
   * Removes every factor and recovery code of `userId`, together, and
   * audits who did it. Returns how many factors went.
   */
  async resetAll(
    actor: {userId: string; context: RequestContext},
    userId: string,
  ): Promise<number> {
    await this.requireUser(userId);
    let count = 0;
    await this.units.run(async ({options}) => {
      count = (await this.factors.deleteAll({userId}, options)).count;
      await this.recoveryCodes.deleteAll({userId}, options);
    });
    await this.audit.record('mfa.factor_removed', {
      userId,
      context: actor.context,
      details: {by: actor.userId, all: true, count},
    });
    return count;
  }

  private async requireUser(userId: string): Promise<void> {
    if (!(await this.users.exists(userId))) {
      throw new AppError('NOT_FOUND', 'No such user.');
    }
  }
}

function summary(factor: MfaFactor): FactorSummary {
  return {
    id: factor.id,
    type: factor.type,
    name: factor.name,
    created: factor.created,
    ...(factor.confirmedAt ? {confirmedAt: factor.confirmedAt} : {}),
    ...(factor.lastUsedAt ? {lastUsedAt: factor.lastUsedAt} : {}),
  };
}
