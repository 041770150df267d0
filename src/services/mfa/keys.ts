import {BindingKey} from '@loopback/core';
import type {FactorService} from './factor.service';
import type {MfaChallengeService} from './mfa-challenge.service';
import type {MfaResetService} from './mfa-reset.service';
import type {PasskeyChallengeService} from './passkey-challenge.service';
import type {PasskeyLoginService} from './passkey-login.service';
import type {PasskeyOptionsService} from './passkey-options.service';
import type {PasskeyRegistrationService} from './passkey-registration.service';
import type {PendingSignInService} from './pending-sign-in.service';
import type {RecoveryCodeService} from './recovery-code.service';
import type {SecondFactorVerifier} from './second-factor';
import type {SecondFactorCheckService} from './second-factor-check.service';
import type {TotpEnrolmentService} from './totp-enrolment.service';
import type {TotpVerifierService} from './totp-verifier.service';
import type {StepUpCompletionService} from './step-up-completion.service';

// Types only: the classes name these keys in their key tags.

/** The binding keys of second factors and step-up; also in IdentityBindings. */
export namespace MfaBindings {
  /**
   * The gate of every sign-in (TokenBindings.SECOND_FACTOR_GATE): the
   * first factors it holds back, each under an mfaToken.
   */
  export const PENDING_SIGN_IN_SERVICE =
    BindingKey.create<PendingSignInService>('identity.services.mfa.pending');
  /** The second step: an mfaToken and a proof for the session. */
  export const MFA_CHALLENGE_SERVICE = BindingKey.create<MfaChallengeService>(
    'identity.services.mfa.challenges',
  );
  /** Checks a proof of any method under the limits and lock-out; audits it. */
  export const SECOND_FACTOR_CHECK =
    BindingKey.create<SecondFactorCheckService>(
      'identity.services.mfa.second-factor-check',
    );
  /** Checks TOTP codes of authenticator apps. Optional to the second step. */
  export const TOTP_VERIFIER = BindingKey.create<TotpVerifierService>(
    'identity.services.mfa.totp-verifier',
  );
  /** Authenticator-app enrolment: a sealed secret, then a first code. */
  export const TOTP_ENROLMENT_SERVICE = BindingKey.create<TotpEnrolmentService>(
    'identity.services.mfa.totp',
  );
  /** A user's factors: listed, renamed, removed; their recovery codes. */
  export const FACTOR_SERVICE = BindingKey.create<FactorService>(
    'identity.services.mfa.factors',
  );
  /** The recovery codes: made, counted, spent (the `recovery_code` verifier). */
  export const RECOVERY_CODE_SERVICE = BindingKey.create<RecoveryCodeService>(
    'identity.services.mfa.recovery-codes',
  );
  /** Checks passkey assertions. Optional to the second step. */
  export const PASSKEY_VERIFIER = BindingKey.create<SecondFactorVerifier>(
    'identity.services.mfa.passkey-verifier',
  );
  /** An administrator's view and reset of a user's factors. */
  export const MFA_RESET_SERVICE = BindingKey.create<MfaResetService>(
    'identity.services.mfa.reset',
  );
  /** Passkey challenges in the store: single use, five minutes. */
  export const PASSKEY_CHALLENGES = BindingKey.create<PasskeyChallengeService>(
    'identity.services.mfa.passkey-challenges',
  );
  /** Passkey registration for a signed-in user. */
  export const PASSKEY_REGISTRATION_SERVICE =
    BindingKey.create<PasskeyRegistrationService>(
      'identity.services.mfa.passkey-registration',
    );
  /** Assertion options: discoverable sign-in, second step, step-up. */
  export const PASSKEY_OPTIONS_SERVICE =
    BindingKey.create<PasskeyOptionsService>(
      'identity.services.mfa.passkey-options',
    );
  /** Sign-in with a passkey alone (no username). */
  export const PASSKEY_LOGIN_SERVICE = BindingKey.create<PasskeyLoginService>(
    'identity.services.mfa.passkey-login',
  );
  /** A session's step-up (RFC 9470): a new proof, the same session. */
  export const STEP_UP_COMPLETION_SERVICE =
    BindingKey.create<StepUpCompletionService>(
      'identity.services.mfa.step-up-completion',
    );
}
