import {lazyModule} from '../platform/lazy-module';
import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {
  MfaFactorRepository,
  UnitOfWork,
  UserRepository,
} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {TokenBindings} from '../tokens/keys';
import {SessionService} from '../tokens/session.service';
import {Clock} from '../platform/clock';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {
  assertRoomForFactor,
  factorName,
  factorView,
  FactorView,
  findOwnFactor,
} from './factor-views';
import {MfaBindings} from './keys';
import {RecoveryCodeService} from './recovery-code.service';
import {SecondFactorCheckService} from './second-factor-check.service';
import {newTotpSecret, otpauthUri} from './totp-codes';
import {TotpVerifierService} from './totp-verifier.service';

// Loaded at the first enrolment.
const qrcode = lazyModule(() => require('qrcode') as typeof import('qrcode'));

/** A TOTP enrolment as answered once: the secret is never shown again. */
export interface TotpEnrolment {
  id: string;
  type: 'totp';
  name: string;
  /** Base32, for typing into an app that cannot scan. */
  secret: string;
  otpauthUri: string;
  /** The URI as a QR code: `data:image/svg+xml;base64,…`. */
  qrCode: string;
}

/** A confirmed factor, and the recovery codes of a first one (shown once). */
export interface ConfirmedFactor {
  factor: FactorView;
  recoveryCodes?: string[];
}

export const DEFAULT_TOTP_NAME = 'Authenticator app';

/**
 * Enrolling an authenticator app (DESIGN §9): a new secret, sealed at
 * rest, kept as a pending factor until a first code confirms that the app
 * holds it. One pending enrolment per user: a new one replaces it.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MfaBindings.TOTP_ENROLMENT_SERVICE},
})
export class TotpEnrolmentService {
  constructor(
    @repository(MfaFactorRepository) private factors: MfaFactorRepository,
    @repository(UserRepository) private users: UserRepository,
    @inject(MfaBindings.TOTP_VERIFIER) private totp: TotpVerifierService,
    @inject(MfaBindings.SECOND_FACTOR_CHECK)
    private check: SecondFactorCheckService,
    @inject(MfaBindings.RECOVERY_CODE_SERVICE)
    private recovery: RecoveryCodeService,
    @inject(SharedBindings.UNIT_OF_WORK) private units: UnitOfWork,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(TokenBindings.SESSION_SERVICE) private sessions: SessionService,
  ) {}

  /**
   * A pending TOTP factor for `userId`, replacing their pending one;
   * `FACTOR_LIMIT_REACHED` when they hold 10 factors besides it.
   */
  async enrol(
    userId: string,
    name: string | undefined,
    context: RequestContext,
  ): Promise<TotpEnrolment> {
    const user = await this.users.findById(userId);
    const existing = await this.factors.find({where: {userId}});
    const pending = existing.filter(f => f.type === 'totp' && !f.confirmedAt);
    assertRoomForFactor(existing.filter(f => !pending.includes(f)));
    const secret = newTotpSecret();
    const factor = await this.units.run(async ({options}) => {
      for (const old of pending) await this.factors.deleteById(old.id, options);
      return this.factors.create(
        {
          userId,
          type: 'totp',
          name: factorName(name) ?? DEFAULT_TOTP_NAME,
          secret: this.totp.seal(secret),
        },
        options,
      );
    });
    await this.audit.record('mfa.factor_added', {
      userId,
      context,
      details: {factorId: factor.id, type: 'totp', replaced: pending.length},
    });
    const uri = otpauthUri(
      this.config.mfa.issuer,
      user.email ?? user.username ?? user.id,
      secret,
    );
    const svg = await qrcode().toString(uri, {type: 'svg', margin: 2});
    return {
      id: factor.id,
      type: 'totp',
      name: factor.name,
      secret,
      otpauthUri: uri,
      qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    };
  }

  /**
   * Confirms a pending TOTP factor with a code of its app, under the
   * limits of the second step (SecondFactorCheckService). The first
   * factor a user confirms brings their recovery codes.
   */
  async confirm(
    userId: string,
    factorId: string,
    code: string,
    context: RequestContext,
  ): Promise<ConfirmedFactor> {
    const factor = await findOwnFactor(this.factors, userId, factorId);
    if (!!factor.confirmedAt || factor.type !== 'totp') {
      throw new AppError(
        'FACTOR_ALREADY_CONFIRMED',
        'This factor is already confirmed.',
      );
    }
    const pendingVerifier = {
      method: 'totp' as const,
      verify: async () => {
        await this.totp.verifyFactor(factor, code, {
          id: `enrol:${factor.id}`,
          context,
        });
        return [];
      },
    };
    await this.check.checkWith(
      pendingVerifier,
      userId,
      {method: 'totp', code},
      {id: `enrol:${factor.id}`, context},
    );
    const confirmedAt = new Date(this.clock.now());
    await this.factors.updateById(factor.id, {confirmedAt});
    // Basic cannot sign this account in any more: nor can its auth tokens.
    await this.sessions.revokeAuthTokens(userId);
    await this.audit.record('mfa.factor_confirmed', {
      userId,
      context,
      details: {factorId: factor.id, type: 'totp'},
    });
    const recoveryCodes = await this.recovery.issueIfNone(userId, context);
    return {
      factor: factorView(Object.assign(factor, {confirmedAt})),
      ...(recoveryCodes ? {recoveryCodes} : {}),
    };
  }
}
