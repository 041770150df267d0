import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import type {
  AuthenticationResponseJSON,
  VerifiedAuthenticationResponse,
} from '@simplewebauthn/server';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {MfaFactor} from '../../models';
import {MfaFactorRepository} from '../../repositories';
import {AuditService} from '../platform/audit.service';
import {Clock} from '../platform/clock';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {AMR} from '../tokens/authentication-methods';
import {MfaBindings} from './keys';
import {
  PasskeyChallenge,
  PasskeyChallengeService,
} from './passkey-challenge.service';
import {
  authenticationResponseOf,
  relyingPartyOf,
  userHandleOf,
} from './passkey-credential';
import {webauthnLibrary} from './passkey-library';
import {
  ProofAttempt,
  SecondFactorProof,
  SecondFactorVerifier,
} from './second-factor';

/**
 * Checks passkey assertions (the `webauthn` method): an assertion for the
 * challenge handed out for `attempt.id`, by a confirmed passkey of that
 * user, from one of WEBAUTHN_ORIGINS for WEBAUTHN_RP_ID, whose signature
 * counter went up (when the authenticator keeps one). A counter that does
 * not go up means two authenticators hold the key: a clone, refused and
 * audited (`mfa.passkey_cloned`).
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MfaBindings.PASSKEY_VERIFIER},
})
export class PasskeyVerifier implements SecondFactorVerifier {
  readonly method = 'webauthn' as const;

  constructor(
    @repository(MfaFactorRepository) private factors: MfaFactorRepository,
    @inject(MfaBindings.PASSKEY_CHALLENGES)
    private challenges: PasskeyChallengeService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {}

  /**
   * `[hwk|swk]` (and `user` when the authenticator verified the person).
   * Throws `INVALID_PASSKEY` for a malformed credential,
   * `INVALID_PASSKEY_CHALLENGE` when `attempt` has no live challenge, and
   * `INVALID_MFA_CODE` for an assertion that fails; the challenge is spent
   * either way.
   */
  async verify(
    userId: string,
    proof: SecondFactorProof,
    attempt: ProofAttempt,
  ): Promise<string[]> {
    const response = authenticationResponseOf(
      proof.method === 'webauthn' ? proof.credential : undefined,
    );
    const challenge = await this.challenges.take(attempt.id);
    if (challenge.userId && challenge.userId !== userId) {
      throw failed('This passkey request belongs to another sign-in.');
    }
    const factor = await this.factors.findOne({
      where: {userId, type: 'webauthn', credentialId: response.id},
    });
    if (!factor?.confirmedAt || !factor.publicKey) {
      throw failed('This passkey is not registered for this account.');
    }
    const {userHandle} = response.response;
    if (userHandle && userHandle !== encodedUserHandle(userId)) {
      throw failed('This passkey belongs to another account.');
    }
    const info = await this.check(response, factor, challenge);
    await this.recordUse(factor, info.newCounter, attempt);
    return [
      factor.backupEligible ? AMR.softwareKey : AMR.hardwareKey,
      ...(info.userVerified ? [AMR.user] : []),
    ];
  }

  /** The library's checks: challenge, origin, RP ID, flags, signature. */
  private async check(
    response: AuthenticationResponseJSON,
    factor: MfaFactor,
    challenge: PasskeyChallenge,
  ): Promise<VerifiedAuthenticationResponse['authenticationInfo']> {
    const rp = relyingPartyOf(this.config);
    const {verifyAuthenticationResponse} = await webauthnLibrary();
    let result: VerifiedAuthenticationResponse;
    try {
      result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge.challenge,
        expectedOrigin: rp.origins,
        expectedRPID: rp.id,
        // The counter is compared below, once the signature is known to be
        // the key's: a forged low counter must not pass for a clone.
        credential: {
          id: factor.credentialId!,
          publicKey: new Uint8Array(
            Buffer.from(factor.publicKey!, 'base64url'),
          ),
          counter: 0,
        },
        requireUserVerification: challenge.userVerification === 'required',
      });
    } catch (err) {
      throw failed(`The passkey could not be verified: ${reasonOf(err)}`);
    }
    if (!result.verified) {
      throw failed('The passkey signature is wrong.');
    }
    return result.authenticationInfo;
  }

  /**
   * Keeps the new counter and when the passkey was used. The update is
   * conditional on the counter read, so of two assertions with the same
   * counter (a clone racing the original) only one passes.
   */
  private async recordUse(
    factor: MfaFactor,
    newCounter: number,
    attempt: ProofAttempt,
  ): Promise<void> {
    const stored = Number(factor.counter ?? 0);
    const goesUp = newCounter > stored || (newCounter === 0 && stored === 0);
    const {count} = goesUp
      ? await this.factors.updateAll(
          {counter: newCounter, lastUsedAt: new Date(this.clock.now())},
          factor.counter == null
            ? {id: factor.id}
            : {id: factor.id, counter: factor.counter},
        )
      : {count: 0};
    if (count === 1) return;
    await this.audit.record('mfa.passkey_cloned', {
      userId: factor.userId,
      context: attempt.context,
      details: {factorId: factor.id, storedCounter: stored, newCounter},
    });
    throw failed(
      'The signature counter of this passkey went back: it may have been copied. Use another factor, and remove this passkey.',
    );
  }
}

function failed(message: string): AppError {
  return new AppError('INVALID_MFA_CODE', message);
}

function reasonOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.slice(0, 200);
}

/** The userHandle a passkey of `userId` returns, base64url. */
export function encodedUserHandle(userId: string): string {
  return Buffer.from(userHandleOf(userId)).toString('base64url');
}
