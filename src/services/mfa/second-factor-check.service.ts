import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {AppError} from '../../errors';
import {AbuseBindings} from '../abuse/keys';
import {LoginLockoutService} from '../abuse/login-lockout.service';
import {RateLimiterService} from '../abuse/rate-limiter.service';
import {AuditService} from '../platform/audit.service';
import {PlatformBindings} from '../platform/keys';
import {MfaBindings} from './keys';
import {
  ProofAttempt,
  SecondFactorMethod,
  SecondFactorProof,
  SecondFactorVerifier,
} from './second-factor';

/**
 * Checks a second-step proof for a user, under the limits of DESIGN §9:
 * every attempt counts against the user (`second-factor:user`) except one
 * at a factor the server cannot read (FACTOR_UNREADABLE), wrong ones
 * against the IP, and wrong ones lock the user's second step out as wrong
 * passwords lock sign-ins out (the same steps, on their own count). Each
 * outcome is audited. Used by the second step of a sign-in and by step-up.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MfaBindings.SECOND_FACTOR_CHECK},
})
export class SecondFactorCheckService {
  private readonly verifiers: Partial<
    Record<SecondFactorMethod, SecondFactorVerifier>
  >;

  constructor(
    @inject(AbuseBindings.RATE_LIMITER_SERVICE)
    private limiter: RateLimiterService,
    @inject(AbuseBindings.LOGIN_LOCKOUT_SERVICE)
    private lockout: LoginLockoutService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(MfaBindings.TOTP_VERIFIER, {optional: true})
    totp?: SecondFactorVerifier,
    @inject(MfaBindings.RECOVERY_CODE_SERVICE, {optional: true})
    recovery?: SecondFactorVerifier,
    @inject(MfaBindings.PASSKEY_VERIFIER, {optional: true})
    passkey?: SecondFactorVerifier,
  ) {
    this.verifiers = {};
    for (const verifier of [totp, recovery, passkey]) {
      if (verifier) this.verifiers[verifier.method] = verifier;
    }
  }

  /**
   * The `amr` values `proof` adds for `userId`. Throws `RATE_LIMITED` (with
   * Retry-After) while the user or the IP is over its limit or the second
   * step is locked, `INVALID_MFA_CODE` for a wrong proof, `INVALID_REQUEST`
   * for a method this service cannot check.
   */
  async check(
    userId: string,
    proof: SecondFactorProof,
    attempt: ProofAttempt,
  ): Promise<string[]> {
    const verifier = this.verifiers[proof.method];
    if (!verifier) {
      throw new AppError(
        'INVALID_REQUEST',
        `The method ${proof.method} is not available.`,
      );
    }
    return this.checkWith(verifier, userId, proof, attempt);
  }

  /**
   * `check` with a given verifier, e.g. one bound to a factor not yet
   * confirmed (an enrolment's first code): the same limits, lock-out and
   * audit.
   */
  async checkWith(
    verifier: SecondFactorVerifier,
    userId: string,
    proof: SecondFactorProof,
    attempt: ProofAttempt,
  ): Promise<string[]> {
    const {ip} = attempt.context;
    if (ip) await this.limiter.assertUnder('second-factor-failures:ip', ip);
    await this.limiter.consume('second-factor:user', userId);
    const lockedFor = await this.lockout.lockedFor(lockSubject(userId));
    if (lockedFor) throw locked(lockedFor);
    try {
      return await verifier.verify(userId, proof, attempt);
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_MFA_CODE') {
        await this.recordFailure(userId, proof.method, attempt);
      }
      // Counted first (so parallel attempts cannot overrun the limit),
      // given back when the server could not read the factor: the
      // operator's fault is not a guess of the person's.
      if (err instanceof AppError && err.code === 'FACTOR_UNREADABLE') {
        await this.limiter.refund('second-factor:user', userId);
      }
      throw err;
    }
  }

  /** Forgets the user's wrong proofs once one is right. */
  async reset(userId: string): Promise<void> {
    await this.lockout.reset(lockSubject(userId));
  }

  private async recordFailure(
    userId: string,
    method: SecondFactorMethod,
    attempt: ProofAttempt,
  ): Promise<void> {
    const {context} = attempt;
    if (context.ip) {
      await this.limiter.penalize('second-factor-failures:ip', context.ip);
    }
    const lockSeconds = await this.lockout.recordFailure(lockSubject(userId));
    await this.audit.record('mfa.failed', {
      userId,
      context,
      details: {method, ...(lockSeconds ? {lockSeconds} : {})},
    });
  }
}

/** The lock-out count of a user's second step, apart from their password's. */
function lockSubject(userId: string): string {
  return `mfa:${userId}`;
}

function locked(seconds: number): AppError {
  return new AppError(
    'RATE_LIMITED',
    `Too many wrong codes; try again in ${seconds} seconds.`,
    {headers: {'Retry-After': String(seconds)}},
  );
}
