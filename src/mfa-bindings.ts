import {Application, Constructor} from '@loopback/core';
import {IdentityBindings} from './keys';
import {FactorService} from './services/mfa/factor.service';
import {MfaChallengeService} from './services/mfa/mfa-challenge.service';
import {MfaResetService} from './services/mfa/mfa-reset.service';
import {PasskeyChallengeService} from './services/mfa/passkey-challenge.service';
import {PasskeyLoginService} from './services/mfa/passkey-login.service';
import {PasskeyOptionsService} from './services/mfa/passkey-options.service';
import {PasskeyRegistrationService} from './services/mfa/passkey-registration.service';
import {PasskeyVerifier} from './services/mfa/passkey-verifier.service';
import {PendingSignInService} from './services/mfa/pending-sign-in.service';
import {RecoveryCodeService} from './services/mfa/recovery-code.service';
import {SecondFactorCheckService} from './services/mfa/second-factor-check.service';
import {TotpEnrolmentService} from './services/mfa/totp-enrolment.service';
import {TotpVerifierService} from './services/mfa/totp-verifier.service';
import {StepUpCompletionService} from './services/mfa/step-up-completion.service';

/**
 * Second factors and step-up (issue 12): each class bound once, under its
 * key tag. A factor's verifier is listed here with its service.
 */
export const MFA_SERVICES: Constructor<unknown>[] = [
  RecoveryCodeService,
  SecondFactorCheckService,
  PendingSignInService,
  MfaChallengeService,
  MfaResetService,
  // authenticator apps (TOTP), and every factor's management
  TotpVerifierService,
  TotpEnrolmentService,
  FactorService,
  // passkeys
  PasskeyChallengeService,
  PasskeyVerifier,
  PasskeyOptionsService,
  PasskeyRegistrationService,
  PasskeyLoginService,
  StepUpCompletionService,
];

/**
 * The pending sign-ins as the gate every sign-in passes (the tokens
 * feature asks its own key, so it imports nothing from up here).
 */
export function bindMfa(app: Application): void {
  app
    .bind(IdentityBindings.SECOND_FACTOR_GATE)
    .toAlias(IdentityBindings.PENDING_SIGN_IN_SERVICE);
}
