import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {Clock} from '../platform/clock';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {
  ACR_MULTI_FACTOR,
  ACR_PHISHING_RESISTANT,
  isMultiFactor,
} from './authentication-methods';
import {TokenBindings} from './keys';
import {SecondFactorGate} from './second-factor-gate';

/** Who asks for a sensitive operation: the request's authenticated user. */
export interface StepUpSubject {
  id: string;
  /** When they last proved who they are (the token's `auth_time`). */
  authTime?: Date;
  /** How (the token's `amr`). */
  amr?: readonly string[];
}

/**
 * The rule of sensitive operations (DESIGN §9, RFC 9470): password change
 * or set, factor enrolment and removal, recovery codes, unlinking,
 * account deletion, application secret rotation. They need a sign-in of
 * the last STEP_UP_MAX_AGE seconds and, when the user has a second factor,
 * one that used it; otherwise 401 `INSUFFICIENT_USER_AUTHENTICATION` with
 * `WWW-Authenticate: Bearer error="insufficient_user_authentication"` and
 * the `max_age` / `acr_values` that would pass.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.STEP_UP_SERVICE},
})
export class StepUpService {
  constructor(
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(TokenBindings.SECOND_FACTOR_GATE, {optional: true})
    private gate?: SecondFactorGate,
  ) {}

  /** Throws `INSUFFICIENT_USER_AUTHENTICATION` unless `user` may go on. */
  async require(user: StepUpSubject): Promise<void> {
    const maxAge = this.config.mfa.stepUpMaxAge;
    const age = user.authTime
      ? (this.clock.now() - user.authTime.getTime()) / 1000
      : Infinity;
    const needsFactor =
      !isMultiFactor(user.amr) && !!(await this.gate?.required(user.id));
    if (age <= maxAge && !needsFactor) return;
    throw insufficientAuthentication({
      maxAge,
      ...(needsFactor ? {acrValues: [ACR_MULTI_FACTOR]} : {}),
    });
  }
}

/**
 * The RFC 9470 refusal: 401 `INSUFFICIENT_USER_AUTHENTICATION` with
 * `WWW-Authenticate: Bearer error="insufficient_user_authentication"` and
 * what would pass, `acr_values` and `max_age` (also in `details`).
 */
export function insufficientAuthentication(wanted: {
  maxAge?: number;
  acrValues?: string[];
}): AppError {
  const {maxAge, acrValues} = wanted;
  const message = acrValues?.includes(ACR_PHISHING_RESISTANT)
    ? 'Confirm it is you with your passkey first.'
    : acrValues
      ? 'Confirm it is you with your second factor first.'
      : 'Confirm it is you first: sign in again.';
  const challenge = [
    'Bearer error="insufficient_user_authentication"',
    `error_description="${message}"`,
    ...(acrValues ? [`acr_values="${acrValues.join(' ')}"`] : []),
    ...(maxAge !== undefined ? [`max_age=${maxAge}`] : []),
  ].join(', ');
  return new AppError('INSUFFICIENT_USER_AUTHENTICATION', message, {
    details: {
      ...(maxAge !== undefined ? {maxAge} : {}),
      ...(acrValues ? {acrValues} : {}),
    },
    headers: {'WWW-Authenticate': challenge},
  });
}
