import type {MfaFactor} from '../../models';
import type {RequestContext} from '../../strategies/request-context';

/** The ways of passing the second step, as `methods` names them. */
export const SECOND_FACTOR_METHODS = [
  'totp',
  'webauthn',
  'recovery_code',
] as const;
export type SecondFactorMethod = (typeof SECOND_FACTOR_METHODS)[number];

/** What the person presents at the second step (or a step-up). */
export type SecondFactorProof =
  | {method: 'totp'; code: string}
  | {method: 'recovery_code'; code: string}
  /** A WebAuthn AuthenticationResponseJSON, for the challenge of `attempt`. */
  | {method: 'webauthn'; credential: object};

/**
 * The ceremony a proof answers: its id binds a passkey challenge to it
 * (the digest of an mfaToken, or a session's id for a step-up).
 */
export interface ProofAttempt {
  id: string;
  context: RequestContext;
}

/**
 * Checks one kind of second factor. Bound by the factor's own feature file
 * under its MfaBindings key; MfaChallengeService and the step-up find it
 * there.
 */
export interface SecondFactorVerifier {
  readonly method: SecondFactorMethod;
  /**
   * The RFC 8176 `amr` values the proof adds (e.g. `otp`, `hwk`). Throws
   * AppError `INVALID_MFA_CODE` when it fails; it is then not spent.
   */
  verify(
    userId: string,
    proof: SecondFactorProof,
    attempt: ProofAttempt,
  ): Promise<string[]>;
}

/** The second-step methods a user's confirmed factors offer. */
export function methodsOf(factors: readonly MfaFactor[]): SecondFactorMethod[] {
  const confirmed = factors.filter(f => f.confirmedAt);
  if (!confirmed.length) return [];
  const methods: SecondFactorMethod[] = [];
  if (confirmed.some(f => f.type === 'totp')) methods.push('totp');
  if (confirmed.some(f => f.type === 'webauthn')) methods.push('webauthn');
  methods.push('recovery_code');
  return methods;
}
