import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {AppError} from '../../errors';
import {Session} from '../../models';
import {RequestContext} from '../../strategies/request-context';
import {AccountBindings} from '../accounts/keys';
import {PasswordChangeService} from '../accounts/password-change.service';
import {AuditService} from '../platform/audit.service';
import {Clock} from '../platform/clock';
import {PlatformBindings} from '../platform/keys';
import {AMR, amrOf, withSecondFactor} from '../tokens/authentication-methods';
import {TokenBindings} from '../tokens/keys';
import {SessionService} from '../tokens/session.service';
import type {TokenResponse} from '../tokens/session.service';
import {stepUpCeremony} from './passkey-challenge.service';
import {MfaBindings} from './keys';
import {PendingSignInService} from './pending-sign-in.service';
import {methodsOf, SecondFactorProof} from './second-factor';
import {SecondFactorCheckService} from './second-factor-check.service';

/** What a step-up presents: the password, or a proof of a second factor. */
export type StepUpProof =
  {method: 'password'; password: string} | SecondFactorProof;

/** Whose session steps up: the bearer token's user, session and client. */
export interface StepUpCaller {
  userId: string;
  sessionId: string;
  applicationId?: string;
}

/** Refusals a step-up audits as `step_up.failed`: wrong proofs, locks. */
const AUDITED_FAILURES = new Set([
  'INVALID_CURRENT_PASSWORD',
  'INVALID_MFA_CODE',
  'RATE_LIMITED',
  'MFA_REQUIRED',
]);

/**
 * Completes a step-up (RFC 9470, DESIGN §9): the person behind a session
 * proves who they are again, and the SAME session records it (authTime
 * now, the `amr` of the proof) and hands out new tokens (its refresh token
 * rotates), which then pass StepUpService.require. An account with a
 * confirmed factor steps up with one of its factors; a password alone
 * would not make its session multi-factor, so it is refused. Passwords
 * count toward the account's lock-out, proofs toward the second step's.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MfaBindings.STEP_UP_COMPLETION_SERVICE},
})
export class StepUpCompletionService {
  constructor(
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
    @inject(AccountBindings.PASSWORD_CHANGE_SERVICE)
    private passwords: PasswordChangeService,
    @inject(MfaBindings.PENDING_SIGN_IN_SERVICE)
    private factors: PendingSignInService,
    @inject(MfaBindings.SECOND_FACTOR_CHECK)
    private check: SecondFactorCheckService,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {}

  /**
   * New tokens of the caller's session once `proof` passes. Throws
   * `SESSION_NOT_FOUND` for an ended session, `MFA_REQUIRED` for a
   * password of an account with a factor (details: `methods`),
   * `INVALID_REQUEST` for a method the account lacks,
   * `INVALID_CURRENT_PASSWORD` / `INVALID_MFA_CODE` for a wrong proof, and
   * `RATE_LIMITED` under a lock-out.
   */
  async complete(
    caller: StepUpCaller,
    proof: StepUpProof,
    context: RequestContext,
  ): Promise<TokenResponse> {
    const session = await this.sessions.findActive(
      caller.userId,
      caller.sessionId,
    );
    let amr: string[];
    try {
      amr = await this.prove(session, proof, context);
    } catch (err) {
      if (err instanceof AppError && AUDITED_FAILURES.has(err.code)) {
        await this.record('step_up.failed', session, proof, context, {
          reason: err.code,
        });
      }
      throw err;
    }
    const tokens = await this.sessions.rotate(
      {session, token: {digest: session.refreshTokenHash}},
      {
        clientId: caller.applicationId,
        ip: context.ip,
        userAgent: context.userAgent,
        reauthenticated: {amr, authTime: new Date(this.clock.now())},
      },
    );
    await this.record('step_up.succeeded', session, proof, context, {amr});
    return tokens;
  }

  /** The `amr` the session has once `proof` passes. */
  private async prove(
    session: Session,
    proof: StepUpProof,
    context: RequestContext,
  ): Promise<string[]> {
    const {userId} = session;
    const methods = methodsOf(await this.factors.confirmedFactors(userId));
    if (proof.method === 'password') {
      if (methods.length) throw factorNeeded(methods);
      await this.passwords.confirmPassword(userId, proof.password, context);
      return [AMR.password];
    }
    if (!methods.includes(proof.method)) {
      const offered = methods.length ? methods.join(', ') : 'password';
      throw new AppError(
        'INVALID_REQUEST',
        `Confirm it is you with: ${offered}.`,
        {details: {methods: methods.length ? methods : ['password']}},
      );
    }
    const attempt = {id: stepUpCeremony(session.id), context};
    const added = await this.check.check(userId, proof, attempt);
    await this.check.reset(userId);
    return withSecondFactor(firstFactorAmr(session), added);
  }

  private async record(
    type: 'step_up.succeeded' | 'step_up.failed',
    session: Session,
    proof: StepUpProof,
    context: RequestContext,
    details: object,
  ): Promise<void> {
    await this.audit.record(type, {
      userId: session.userId,
      applicationId: session.applicationId,
      context,
      details: {sessionId: session.id, method: proof.method, ...details},
    });
  }
}

/**
 * How the session's sign-in began, without the second factor an earlier
 * step-up or second step added: a new step-up's factor replaces it. A
 * passkey sign-in is its own first factor.
 */
export function firstFactorAmr(
  session: Pick<Session, 'authMethod' | 'amr'>,
): string[] {
  if (session.authMethod !== 'passkey') return amrOf(session.authMethod);
  return (session.amr ?? []).filter(
    value => value !== AMR.otp && value !== AMR.multiFactor,
  );
}

function factorNeeded(methods: string[]): AppError {
  return new AppError(
    'MFA_REQUIRED',
    'This account has a second factor: confirm it is you with it, not with the password.',
    {details: {methods}},
  );
}
