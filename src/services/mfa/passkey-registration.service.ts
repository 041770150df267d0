import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  RegistrationResponseJSON,
  VerifiedRegistrationResponse,
} from '@simplewebauthn/server';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {MfaFactor, User} from '../../models';
import {MfaFactorRepository, UserRepository} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {TokenBindings} from '../tokens/keys';
import {SessionService} from '../tokens/session.service';
import {Clock} from '../platform/clock';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {MfaBindings} from './keys';
import {
  PASSKEY_CHALLENGE_TTL_MS,
  PasskeyChallengeService,
  registrationCeremony,
} from './passkey-challenge.service';
import {
  descriptorsOf,
  FactorView,
  factorView,
  registrationResponseOf,
  relyingPartyOf,
  userHandleOf,
} from './passkey-credential';
import {webauthnLibrary} from './passkey-library';
import {RecoveryCodeService} from './recovery-code.service';
import {assertRoomForFactor} from './factor-views';

/** A registered passkey, and the recovery codes when it was the first factor. */
export interface RegisteredPasskey {
  factor: FactorView;
  recoveryCodes?: string[];
}

/**
 * Registers passkeys for a signed-in user (the caller has passed the
 * step-up rule for the options): a discoverable credential (resident key
 * required, so it signs in with no username), the user's passkeys
 * excluded, attestation `none`. The passkey is confirmed when its
 * registration verifies.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MfaBindings.PASSKEY_REGISTRATION_SERVICE},
})
export class PasskeyRegistrationService {
  constructor(
    @repository(MfaFactorRepository) private factors: MfaFactorRepository,
    @repository(UserRepository) private users: UserRepository,
    @inject(MfaBindings.PASSKEY_CHALLENGES)
    private challenges: PasskeyChallengeService,
    @inject(MfaBindings.RECOVERY_CODE_SERVICE)
    private recoveryCodes: RecoveryCodeService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
  ) {}

  /**
   * The options of `navigator.credentials.create()`; the challenge (one
   * per user, the latest) lives five minutes. `FACTOR_LIMIT_REACHED` when
   * the account holds MAX_FACTORS_PER_USER factors.
   */
  async options(
    userId: string,
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const user = await this.users.findById(userId);
    const factors = await this.factorsBelowLimit(userId);
    const rp = relyingPartyOf(this.config);
    const {generateRegistrationOptions} = await webauthnLibrary();
    const userName = user.email ?? user.username ?? user.id;
    const options = await generateRegistrationOptions({
      rpName: rp.name,
      rpID: rp.id,
      userName,
      userID: userHandleOf(user.id),
      userDisplayName: user.name ?? userName,
      attestationType: 'none',
      excludeCredentials: descriptorsOf(factors),
      authenticatorSelection: {
        residentKey: 'required',
        requireResidentKey: true,
        userVerification: 'preferred',
      },
      timeout: PASSKEY_CHALLENGE_TTL_MS,
    });
    await this.challenges.issue(registrationCeremony(userId), {
      challenge: options.challenge,
      userId,
      userVerification: 'preferred',
    });
    return options;
  }

  /**
   * Verifies `credential` against the user's live challenge and keeps the
   * passkey. Throws `INVALID_PASSKEY` (malformed, or it fails: origin, RP
   * ID, challenge), `INVALID_PASSKEY_CHALLENGE`, `FACTOR_ALREADY_CONFIRMED`
   * for a credential registered before.
   */
  async register(
    user: Pick<User, 'id'>,
    input: {name?: string; credential: object},
    context: RequestContext,
  ): Promise<RegisteredPasskey> {
    const response = registrationResponseOf(input.credential);
    const {challenge} = await this.challenges.take(
      registrationCeremony(user.id),
    );
    const info = await this.verified(response, challenge);
    const existing = await this.factorsBelowLimit(user.id);
    if (
      await this.factors.findOne({where: {credentialId: info.credential.id}})
    ) {
      throw new AppError(
        'FACTOR_ALREADY_CONFIRMED',
        'This passkey is already registered.',
      );
    }
    const now = new Date(this.clock.now());
    const factor = await this.factors.create(
      new MfaFactor({
        userId: user.id,
        type: 'webauthn',
        name: nameOf(input.name),
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        transports: response.response.transports ?? info.credential.transports,
        backupEligible: info.credentialDeviceType === 'multiDevice',
        confirmedAt: now,
      }),
    );
    for (const type of ['mfa.factor_added', 'mfa.factor_confirmed'] as const) {
      await this.audit.record(type, {
        userId: user.id,
        context,
        details: {factorId: factor.id, type: 'webauthn'},
      });
    }
    const first = !existing.some(f => f.confirmedAt);
    // Basic cannot sign this account in any more: nor can its auth tokens.
    await this.sessions.revokeAuthTokens(user.id);
    const recoveryCodes = first
      ? await this.recoveryCodes.issueIfNone(user.id, context)
      : undefined;
    return {
      factor: factorView(factor),
      ...(recoveryCodes ? {recoveryCodes} : {}),
    };
  }

  private async verified(
    response: RegistrationResponseJSON,
    challenge: string,
  ): Promise<NonNullable<VerifiedRegistrationResponse['registrationInfo']>> {
    const rp = relyingPartyOf(this.config);
    const {verifyRegistrationResponse} = await webauthnLibrary();
    let result: VerifiedRegistrationResponse;
    try {
      result = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origins,
        expectedRPID: rp.id,
        requireUserVerification: false,
      });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new AppError(
        'INVALID_PASSKEY',
        `The passkey could not be registered: ${reason.slice(0, 200)}`,
      );
    }
    if (!result.verified) {
      throw new AppError(
        'INVALID_PASSKEY',
        'The passkey could not be verified.',
      );
    }
    return result.registrationInfo;
  }

  /** The user's factors; `FACTOR_LIMIT_REACHED` when there is no room. */
  private async factorsBelowLimit(userId: string): Promise<MfaFactor[]> {
    const factors = await this.factors.find({where: {userId}});
    assertRoomForFactor(factors);
    return factors;
  }
}

/** The owner's name for the passkey, "Passkey" when they gave none. */
function nameOf(name: string | undefined): string {
  const trimmed = name?.trim();
  return trimmed ? trimmed : 'Passkey';
}
