import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import type {PublicKeyCredentialRequestOptionsJSON} from '@simplewebauthn/server';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {MfaFactorRepository} from '../../repositories';
import {SharedBindings} from '../platform/keys';
import {randomToken, sha256Digest} from '../platform/token-digest';
import {MfaBindings} from './keys';
import {
  PASSKEY_CHALLENGE_TTL_MS,
  PasskeyChallengeService,
  stepUpCeremony,
} from './passkey-challenge.service';
import {descriptorsOf, relyingPartyOf} from './passkey-credential';
import {webauthnLibrary} from './passkey-library';
import {PendingSignInService} from './pending-sign-in.service';

/** What a discoverable sign-in starts with. */
export interface PasskeySignInOptions {
  /** Names the challenge at `POST /auth/passkey/login`. */
  challengeId: string;
  options: PublicKeyCredentialRequestOptionsJSON;
}

/**
 * The options of `navigator.credentials.get()` for each ceremony that asks
 * for an assertion, with its challenge kept for the verifier
 * (PasskeyVerifier): a sign-in with no username (any passkey of this
 * service, the person verified), the second step of a pending sign-in and
 * a step-up (the user's own passkeys only).
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MfaBindings.PASSKEY_OPTIONS_SERVICE},
})
export class PasskeyOptionsService {
  constructor(
    @repository(MfaFactorRepository) private factors: MfaFactorRepository,
    @inject(MfaBindings.PASSKEY_CHALLENGES)
    private challenges: PasskeyChallengeService,
    @inject(MfaBindings.PENDING_SIGN_IN_SERVICE)
    private pending: PendingSignInService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
  ) {}

  /**
   * A discoverable sign-in: no allowCredentials (the authenticator offers
   * the person's passkeys for this RP ID), user verification required, so
   * the passkey alone is two factors.
   */
  async forSignIn(): Promise<PasskeySignInOptions> {
    const challengeId = randomToken(32);
    const {generateAuthenticationOptions} = await webauthnLibrary();
    const options = await generateAuthenticationOptions({
      rpID: relyingPartyOf(this.config).id,
      userVerification: 'required',
      timeout: PASSKEY_CHALLENGE_TTL_MS,
    });
    await this.challenges.issue(signInCeremony(challengeId), {
      challenge: options.challenge,
      userVerification: 'required',
    });
    return {challengeId, options};
  }

  /**
   * The second step of the sign-in `mfaToken` holds back. Throws
   * `INVALID_MFA_TOKEN` (see PendingSignInService.load), `INVALID_REQUEST`
   * when the account has no passkey.
   */
  async forPendingSignIn(
    mfaToken: string,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const pending = await this.pending.load(mfaToken);
    if (!pending.methods.includes('webauthn')) {
      throw new AppError(
        'INVALID_REQUEST',
        `This sign-in can be confirmed with: ${pending.methods.join(', ')}.`,
      );
    }
    return this.forUser(pending.attemptId, pending.userId);
  }

  /**
   * A step-up of the session `sessionId` (then `POST /auth/step-up`).
   * `FACTOR_NOT_FOUND` when the user has no passkey.
   */
  async forStepUp(
    userId: string,
    sessionId: string,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.forUser(stepUpCeremony(sessionId), userId);
  }

  private async forUser(
    ceremony: string,
    userId: string,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const passkeys = (
      await this.factors.find({where: {userId, type: 'webauthn'}})
    ).filter(f => f.confirmedAt);
    if (!passkeys.length) {
      throw new AppError('FACTOR_NOT_FOUND', 'This account has no passkey.');
    }
    const {generateAuthenticationOptions} = await webauthnLibrary();
    const options = await generateAuthenticationOptions({
      rpID: relyingPartyOf(this.config).id,
      allowCredentials: descriptorsOf(passkeys),
      userVerification: 'preferred',
      timeout: PASSKEY_CHALLENGE_TTL_MS,
    });
    await this.challenges.issue(ceremony, {
      challenge: options.challenge,
      userId,
      userVerification: 'preferred',
    });
    return options;
  }
}

/** The ceremony of a discoverable sign-in, by its challengeId. */
export function signInCeremony(challengeId: string): string {
  return `sign-in:${sha256Digest(challengeId)}`;
}
