import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {MfaFactor} from '../../models';
import {MfaFactorRepository} from '../../repositories';
import {Clock} from '../platform/clock';
import {PlatformBindings} from '../platform/keys';
import {SecretBox} from '../platform/secret-box.service';
import {EphemeralStore} from '../store/ephemeral-store';
import {StoreBindings} from '../store/keys';
import {AMR} from '../tokens/authentication-methods';
import {MfaBindings} from './keys';
import {SecondFactorProof, SecondFactorVerifier} from './second-factor';
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
 * cannot be replayed within its window.
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
  ) {}

  /**
   * The second step: a code of any of the user's confirmed TOTP factors.
   * Adds `otp`; records when the factor was used.
   */
  async verify(userId: string, proof: SecondFactorProof): Promise<string[]> {
    const code = proof.method === 'totp' ? proof.code : '';
    const factors = await this.factors.find({where: {userId, type: 'totp'}});
    for (const factor of factors.filter(f => f.confirmedAt)) {
      const step = await this.stepOf(factor, code);
      if (step !== undefined) {
        await this.spend(factor, step);
        await this.factors.updateById(factor.id, {
          lastUsedAt: new Date(this.clock.now()),
        });
        return [AMR.otp];
      }
    }
    throw wrongCode();
  }

  /**
   * Checks a code of one factor (an enrolment's first code), spending its
   * step. Throws `INVALID_MFA_CODE` for a wrong or spent code.
   */
  async verifyFactor(factor: MfaFactor, code: string): Promise<void> {
    const step = await this.stepOf(factor, code);
    if (step === undefined) throw wrongCode();
    await this.spend(factor, step);
  }

  /** Seals a new secret for storage. */
  seal(secret: string): string {
    return this.box.seal(secret, TOTP_SECRET_PURPOSE);
  }

  private async stepOf(
    factor: MfaFactor,
    code: string,
  ): Promise<number | undefined> {
    if (!factor.secret) return undefined;
    const secret = this.box.open(factor.secret, TOTP_SECRET_PURPOSE);
    return matchingTimeStep(secret, code, this.clock.now());
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

function wrongCode(): AppError {
  return new AppError(
    'INVALID_MFA_CODE',
    'The code is wrong or was already used: wait for the next one.',
  );
}
