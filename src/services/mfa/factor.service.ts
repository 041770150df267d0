import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {MfaFactorRepository} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {PlatformBindings} from '../platform/keys';
import {
  factorName,
  factorView,
  FactorView,
  findOwnFactor,
} from './factor-views';
import {MfaBindings} from './keys';
import {RecoveryCodeService} from './recovery-code.service';

/**
 * A user's second factors as they manage them (DESIGN §9): authenticator
 * apps and passkeys alike are listed, renamed and removed here, and the
 * recovery codes that stand in for all of them are counted and replaced.
 * Adding a factor is its own kind's service (TOTP enrolment, passkeys).
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MfaBindings.FACTOR_SERVICE},
})
export class FactorService {
  constructor(
    @repository(MfaFactorRepository) private factors: MfaFactorRepository,
    @inject(MfaBindings.RECOVERY_CODE_SERVICE)
    private recovery: RecoveryCodeService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /** Every factor of the user, confirmed and pending, oldest first. */
  async list(userId: string): Promise<FactorView[]> {
    const factors = await this.factors.find({where: {userId}});
    return factors
      .sort((a, b) => a.created.getTime() - b.created.getTime())
      .map(factorView);
  }

  /** Renames one of the user's factors; `FACTOR_NOT_FOUND` for others'. */
  async rename(
    userId: string,
    factorId: string,
    name: string,
    context: RequestContext,
  ): Promise<FactorView> {
    const factor = await findOwnFactor(this.factors, userId, factorId);
    const newName = factorName(name);
    if (!newName) {
      throw new AppError('VALIDATION_FAILED', 'A factor needs a name.');
    }
    await this.factors.updateById(factor.id, {name: newName});
    await this.audit.record('mfa.factor_renamed', {
      userId,
      context,
      details: {factorId: factor.id, type: factor.type},
    });
    return factorView(Object.assign(factor, {name: newName}));
  }

  /**
   * Removes one of the user's factors. Without a confirmed factor left,
   * the recovery codes go too, and the account signs in with its first
   * factor alone again.
   */
  async remove(
    userId: string,
    factorId: string,
    context: RequestContext,
  ): Promise<void> {
    const factor = await findOwnFactor(this.factors, userId, factorId);
    await this.factors.deleteById(factor.id);
    // Counted after the delete, so of two concurrent removals of the last
    // two factors at least one sees none left.
    const left = await this.factors.find({where: {userId}});
    const lastFactor = !!factor.confirmedAt && !left.some(f => f.confirmedAt);
    if (lastFactor) await this.recovery.deleteAll(userId);
    await this.audit.record('mfa.factor_removed', {
      userId,
      context,
      details: {
        factorId: factor.id,
        type: factor.type,
        ...(lastFactor ? {recoveryCodesDeleted: true} : {}),
      },
    });
  }

  /** How many unused recovery codes the user holds. */
  async recoveryCodesRemaining(userId: string): Promise<number> {
    return this.recovery.remaining(userId);
  }

  /**
   * Ten new recovery codes, replacing every earlier one (shown once);
   * `MFA_NOT_ENABLED` for an account without a confirmed factor.
   */
  async regenerateRecoveryCodes(
    userId: string,
    context: RequestContext,
  ): Promise<string[]> {
    const factors = await this.factors.find({where: {userId}});
    if (!factors.some(f => f.confirmedAt)) {
      throw new AppError(
        'MFA_NOT_ENABLED',
        'Recovery codes stand in for a second factor: add one first.',
      );
    }
    return this.recovery.generate(userId, context);
  }
}
