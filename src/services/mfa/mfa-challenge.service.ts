import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {AppError} from '../../errors';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {Clock} from '../platform/clock';
import {PlatformBindings} from '../platform/keys';
import {withSecondFactor} from '../tokens/authentication-methods';
import {amrOfContext} from '../tokens/second-factor-gate';
import {TokenBindings} from '../tokens/keys';
import {SessionService} from '../tokens/session.service';
import type {TokenResponse} from '../tokens/session.service';
import {MfaBindings} from './keys';
import {
  invalidMfaToken,
  PendingSignIn,
  PendingSignInService,
} from './pending-sign-in.service';
import {SecondFactorMethod, SecondFactorProof} from './second-factor';
import {SecondFactorCheckService} from './second-factor-check.service';

/** The second step, as the client sends it. */
export interface SecondStep {
  mfaToken: string;
  proof: SecondFactorProof;
  /** When the client names itself, it must be the first factor's client. */
  clientId?: string;
}

/**
 * The second step of a sign-in (DESIGN §9): an mfaToken of the gate
 * (PendingSignInService) and a proof of a second factor open the session
 * the first factor was refused, once.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MfaBindings.MFA_CHALLENGE_SERVICE},
})
export class MfaChallengeService {
  constructor(
    @inject(MfaBindings.PENDING_SIGN_IN_SERVICE)
    private pending: PendingSignInService,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(MfaBindings.SECOND_FACTOR_CHECK)
    private check: SecondFactorCheckService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {}

  /**
   * The session the mfaToken's first factor would have opened, once `proof`
   * passes. A wrong proof leaves the token usable, up to
   * MFA_TOKEN_ATTEMPTS wrong proofs; a right one spends it.
   */
  async complete(
    step: SecondStep,
    context: RequestContext,
  ): Promise<TokenResponse> {
    const pending = await this.pending.load(step.mfaToken);
    if (step.clientId && step.clientId !== pending.context.applicationId) {
      throw invalidMfaToken();
    }
    if (!pending.methods.includes(step.proof.method)) {
      throw new AppError(
        'INVALID_REQUEST',
        `This sign-in can be confirmed with: ${pending.methods.join(', ')}.`,
      );
    }
    const attempt = {id: pending.attemptId, context};
    let added: string[];
    try {
      added = await this.check.check(pending.userId, step.proof, attempt);
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_MFA_CODE') {
        await this.pending.countFailure(step.mfaToken);
      }
      throw err;
    }
    await this.pending.spend(step.mfaToken);
    await this.check.reset(pending.userId);
    return this.openSession(pending, added, step.proof.method);
  }

  private async openSession(
    pending: PendingSignIn,
    added: string[],
    method: SecondFactorMethod,
  ): Promise<TokenResponse> {
    const {userId, context} = pending;
    const first = amrOfContext(context);
    const amr = withSecondFactor(first, added);
    const authTime = new Date(this.clock.now());
    const tokens = await this.sessions.start(userId, {
      ...context,
      amr,
      authTime,
      ...(context.oidc ? {oidc: {...context.oidc, amr, authTime}} : {}),
    });
    await this.audit.record('mfa.succeeded', {
      userId,
      applicationId: context.applicationId,
      context,
      details: {authMethod: context.authMethod, method},
    });
    return tokens;
  }
}
