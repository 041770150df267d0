import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {MfaFactor} from '../../models';
import {MfaFactorRepository} from '../../repositories';
import {AuditService} from '../platform/audit.service';
import {Clock} from '../platform/clock';
import {PlatformBindings} from '../platform/keys';
import {Logger} from '../platform/logger';
import {SecretBox} from '../platform/secret-box.service';
import {EphemeralStore} from '../store/ephemeral-store';
import {StoreBindings} from '../store/keys';
import {AMR} from '../tokens/authentication-methods';
import {MfaBindings} from './keys';
import {
  ProofAttempt,
  SecondFactorProof,
  SecondFactorVerifier,
} from './second-factor';
import {
  matchingTimeStep,
  TOTP_PERIOD_SECONDS,
  TOTP_WINDOW_STEPS,
} from './totp-codes';

/** The SecretBox purpose of TOTP secrets: sealed for nothing else. */
export const TOTP_SECRET_PURPOSE = 'mfa-totp-secret';

/**
 * How long a spent step is remembered: a code of step s is accepted until
 * the end of step s + 1 (at most three steps after it began), plus margin.
 */
const SPENT_STEP_TTL_MS =
  (2 * TOTP_WINDOW_STEPS + 2) * TOTP_PERIOD_SECONDS * 1000;

/**
 * Checks authenticator-app codes (DESIGN §9): RFC 6238 with the injected
 * clock and a window of one step either side. Each time step of a factor
 * is accepted once, on every node: the store decides which of two
 * concurrent uses of one code wins, and a code seen over a shoulder
 * cannot be replayed within its window. A secret that cannot be opened
 * (APP_SECRET changed, row corrupted) is `FACTOR_UNREADABLE`, logged and
 * audited with the factor's id, never a bare 500.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MfaBindings.TOTP_VERIFIER},
})
export class TotpVerifierService implements SecondFactorVerifier {
  readonly method = 'totp' as const;

  constructor(
    @repository(MfaFactorRepository) private factors: MfaFactorRepository,
    @inject(StoreBindings.STORE) private store: EphemeralStore,
    @inject(PlatformBindings.SECRET_BOX) private box: SecretBox,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(PlatformBindings.LOGGER) private logger: Logger,
  ) {}

  /**
   * The second step: a code of any of the user's confirmed TOTP factors.
   * Adds `otp`; records when the factor was used. Throws
   * `FACTOR_UNREADABLE` when no factor's secret can be opened, and
   * `INVALID_MFA_CODE` when a readable one exists and the code is not its.
   */
  async verify(
    userId: string,
    proof: SecondFactorProof,
    attempt?: ProofAttempt,
  ): Promise<string[]> {
    const code = proof.method === 'totp' ? proof.code : '';
    const factors = await this.factors.find({where: {userId, type: 'totp'}});
    const confirmed = factors.filter(f => f.confirmedAt);
    const unreadable: MfaFactor[] = [];
    for (const factor of confirmed) {
      const secret = this.secretOf(factor);
      if (secret === undefined) {
        unreadable.push(factor);
        continue;
      }
      const step = await matchingTimeStep(secret, code, this.clock.now());
      if (step === undefined) continue;
      await this.spend(factor, step);
      await this.factors.updateById(factor.id, {
        lastUsedAt: new Date(this.clock.now()),
      });
      return [AMR.otp];
    }
    await this.reportUnreadable(userId, unreadable, attempt);
    // A wrong code while a readable factor exists counts as one (the
    // caller's lock-out); when none is readable, no code can pass, and
    // counting would lock the person out of their recovery codes too.
    if (unreadable.length && unreadable.length === confirmed.length) {
      throw factorUnreadable(unreadable);
    }
    throw wrongCode();
  }

  /**
   * Checks a code of one factor (an enrolment's first code), spending its
   * step. Throws `INVALID_MFA_CODE` for a wrong or spent code,
   * `FACTOR_UNREADABLE` when the factor's secret cannot be opened.
   */
  async verifyFactor(
    factor: MfaFactor,
    code: string,
    attempt?: ProofAttempt,
  ): Promise<void> {
    const secret = this.secretOf(factor);
    if (secret === undefined) {
      await this.reportUnreadable(factor.userId, [factor], attempt);
      throw factorUnreadable([factor]);
    }
    const step = await matchingTimeStep(secret, code, this.clock.now());
    if (step === undefined) throw wrongCode();
    await this.spend(factor, step);
  }

  /** Seals a new secret for storage. */
  seal(secret: string): string {
    return this.box.seal(secret, TOTP_SECRET_PURPOSE);
  }

  /** The factor's secret, or undefined when it cannot be opened. */
  private secretOf(factor: MfaFactor): string | undefined {
    try {
      if (!factor.secret) throw new Error('the factor holds no secret');
      return this.box.open(factor.secret, TOTP_SECRET_PURPOSE);
    } catch (err) {
      // The cause only: the sealed value is never logged.
      this.logger.error(
        {
          factorId: factor.id,
          userId: factor.userId,
          cause: (err as Error).message,
        },
        'mfa: a TOTP factor secret cannot be opened (APP_SECRET changed, or the row is damaged)',
      );
      return undefined;
    }
  }

  private async reportUnreadable(
    userId: string,
    factors: MfaFactor[],
    attempt?: ProofAttempt,
  ): Promise<void> {
    for (const factor of factors) {
      await this.audit.record('mfa.factor_unreadable', {
        userId,
        context: attempt?.context,
        details: {factorId: factor.id, type: 'totp'},
      });
    }
  }

  private async spend(factor: MfaFactor, step: number): Promise<void> {
    const fresh = await this.store.setIfAbsent(
      `totp-spent:${factor.id}:${step}`,
      '1',
      SPENT_STEP_TTL_MS,
    );
    if (!fresh) throw wrongCode();
  }
}

/**
 * 500, not 4xx: the request is right and the server cannot read what it
 * stored. Not 503 either: retrying does not help; an operator restoring
 * APP_SECRET, or the factor's removal, does.
 */
function factorUnreadable(factors: MfaFactor[]): AppError {
  return new AppError(
    'FACTOR_UNREADABLE',
    'This authenticator app factor cannot be read by the service. Use a recovery code or another factor, then remove it and enrol again, or ask an administrator.',
    {details: {factorIds: factors.map(f => f.id)}},
  );
}

function wrongCode(): AppError {
  return new AppError(
    'INVALID_MFA_CODE',
    'The code is wrong or was already used: wait for the next one.',
  );
}
