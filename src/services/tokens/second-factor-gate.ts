import {amrOf, isMultiFactor} from './authentication-methods';
import type {SessionContext} from './session-types';

/**
 * What stops a first factor alone from opening a session for an account
 * with a second factor (DESIGN §9). SessionService asks it before every
 * session a sign-in opens (password, Basic at the login route, provider
 * codes, native token exchange, enterprise entries), so no first factor
 * can pass it by. Bound under TokenBindings.SECOND_FACTOR_GATE by the
 * `mfa` feature above; without a binding every first factor is enough.
 */
export interface SecondFactorGate {
  /** Whether `userId` has a confirmed second factor. */
  required(userId: string): Promise<boolean>;
  /**
   * Refuses the sign-in: throws AppError `MFA_REQUIRED` whose details carry
   * a single-use `mfaToken`, bound to this first factor and client, that
   * the second step trades for the session `context` describes.
   */
  challenge(userId: string, context: SessionContext): Promise<never>;
}

/**
 * The `amr` of the session `context` opens, once `gate` lets it through:
 * a sign-in without a second factor, for an account that has one, is
 * refused here.
 */
export async function passSecondFactorGate(
  gate: SecondFactorGate | undefined,
  userId: string,
  context: SessionContext,
): Promise<string[]> {
  const amr = amrOfContext(context);
  if (gate && !isMultiFactor(amr) && (await gate.required(userId))) {
    await gate.challenge(userId, context);
  }
  return amr;
}

/** The `amr` a session opened for `context` records. */
export function amrOfContext(context: SessionContext): string[] {
  return context.oidc?.amr ?? context.amr ?? amrOf(context.authMethod);
}
