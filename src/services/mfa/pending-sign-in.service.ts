import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {MfaFactor} from '../../models';
import {MfaFactorRepository} from '../../repositories';
import {AuditService} from '../platform/audit.service';
import {PlatformBindings} from '../platform/keys';
import {randomToken, sha256Digest} from '../platform/token-digest';
import {EphemeralStore} from '../store/ephemeral-store';
import {StoreBindings} from '../store/keys';
import {SecondFactorGate} from '../tokens/second-factor-gate';
import type {SessionContext} from '../tokens/session-types';
import {MfaBindings} from './keys';
import {methodsOf, SecondFactorMethod} from './second-factor';

/** How long a first factor waits for its second: five minutes. */
export const MFA_TOKEN_TTL_MS = 5 * 60_000;

/** Wrong proofs one mfaToken survives before the first factor is asked again. */
export const MFA_TOKEN_ATTEMPTS = 5;

/** A first factor waiting for its second, as the store keeps it. */
export interface PendingSignIn {
  userId: string;
  context: SessionContext;
  methods: SecondFactorMethod[];
  /** What a passkey challenge of this second step is bound to. */
  attemptId: string;
}

/**
 * The gate of every sign-in (TokenBindings.SECOND_FACTOR_GATE), and the
 * first factors it holds back. A first factor for an account with a
 * confirmed factor gets `MFA_REQUIRED` with an mfaToken: random, kept in
 * the store as a digest for five minutes with the session it would have
 * opened (client, first factor, where from), so it can open that session
 * and no other (MfaChallengeService).
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MfaBindings.PENDING_SIGN_IN_SERVICE},
})
export class PendingSignInService implements SecondFactorGate {
  constructor(
    @repository(MfaFactorRepository) private factors: MfaFactorRepository,
    @inject(StoreBindings.STORE) private store: EphemeralStore,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  async required(userId: string): Promise<boolean> {
    return (await this.confirmedFactors(userId)).length > 0;
  }

  /** The user's confirmed factors (one indexed read). */
  async confirmedFactors(userId: string): Promise<MfaFactor[]> {
    const factors = await this.factors.find({where: {userId}});
    return factors.filter(f => f.confirmedAt);
  }

  async challenge(userId: string, context: SessionContext): Promise<never> {
    const methods = methodsOf(await this.confirmedFactors(userId));
    const mfaToken = randomToken(32);
    const pending: PendingSignIn = {
      userId,
      context,
      methods,
      attemptId: pendingKey(mfaToken),
    };
    await this.store.set(
      pendingKey(mfaToken),
      JSON.stringify(pending),
      MFA_TOKEN_TTL_MS,
    );
    await this.audit.record('mfa.required', {
      userId,
      applicationId: context.applicationId,
      context,
      details: {authMethod: context.authMethod, methods},
    });
    throw new AppError(
      'MFA_REQUIRED',
      'This account has a second factor: confirm the sign-in with it.',
      {details: {mfaToken, methods, expiresIn: MFA_TOKEN_TTL_MS / 1000}},
    );
  }

  /** The sign-in an mfaToken holds back; `INVALID_MFA_TOKEN` when none. */
  async load(mfaToken: string): Promise<PendingSignIn> {
    const stored =
      typeof mfaToken === 'string' && mfaToken.length <= 200
        ? await this.store.get(pendingKey(mfaToken))
        : undefined;
    if (!stored) throw invalidMfaToken();
    const pending = JSON.parse(stored) as PendingSignIn;
    const {oidc} = pending.context;
    if (oidc?.authTime) oidc.authTime = new Date(oidc.authTime);
    return pending;
  }

  /**
   * Spends the mfaToken: of two concurrent right answers, one gets it.
   * `INVALID_MFA_TOKEN` for the other.
   */
  async spend(mfaToken: string): Promise<void> {
    if (!(await this.store.take(pendingKey(mfaToken)))) {
      throw invalidMfaToken();
    }
  }

  /** A wrong proof: the token's own count, which ends it at the limit. */
  async countFailure(mfaToken: string): Promise<void> {
    const failures = await this.store.increment(
      `${pendingKey(mfaToken)}:failures`,
      MFA_TOKEN_TTL_MS,
    );
    if (failures >= MFA_TOKEN_ATTEMPTS) {
      await this.store.delete(pendingKey(mfaToken));
    }
  }
}

function pendingKey(mfaToken: string): string {
  return `mfa:${sha256Digest(mfaToken)}`;
}

export function invalidMfaToken(): AppError {
  return new AppError(
    'INVALID_MFA_TOKEN',
    'The sign-in to confirm has expired or was already confirmed: sign in again.',
  );
}
