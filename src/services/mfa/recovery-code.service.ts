import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {randomInt} from 'node:crypto';
import {AppError} from '../../errors';
import {RecoveryCodeRepository, UnitOfWork} from '../../repositories';
import {RequestContext} from '../../strategies/request-context';
import {AuditService} from '../platform/audit.service';
import {Clock} from '../platform/clock';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {constantTimeEqual, sha256Digest} from '../platform/token-digest';
import {EphemeralStore} from '../store/ephemeral-store';
import {StoreBindings} from '../store/keys';
import {AMR} from '../tokens/authentication-methods';
import {MfaBindings} from './keys';
import {
  ProofAttempt,
  SecondFactorProof,
  SecondFactorVerifier,
} from './second-factor';

/** How many recovery codes a user holds. */
export const RECOVERY_CODE_COUNT = 10;

/** Crockford's base32: no I, L, O or U to misread. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 12 characters of 5 bits: 60 bits each, shown as XXXX-XXXX-XXXX. */
const CODE_LENGTH = 12;

/**
 * The ten single-use recovery codes of an account with a second factor
 * (DESIGN §9): made when the first factor is confirmed, shown once, kept as
 * SHA-256 digests (salted with the user id), spent on use, replaced all
 * together on request. It is also the verifier of `recovery_code` proofs.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MfaBindings.RECOVERY_CODE_SERVICE},
})
export class RecoveryCodeService implements SecondFactorVerifier {
  readonly method = 'recovery_code' as const;

  constructor(
    @repository(RecoveryCodeRepository) private codes: RecoveryCodeRepository,
    @inject(StoreBindings.STORE) private store: EphemeralStore,
    @inject(SharedBindings.UNIT_OF_WORK) private units: UnitOfWork,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {}

  /** New codes for `userId`, replacing every earlier one; shown once. */
  async generate(userId: string, context: RequestContext): Promise<string[]> {
    const codes = Array.from({length: RECOVERY_CODE_COUNT}, newCode);
    await this.units.run(async ({options}) => {
      await this.codes.deleteAll({userId}, options);
      for (const code of codes) {
        await this.codes.create(
          {userId, codeHash: codeDigest(userId, code)},
          options,
        );
      }
    });
    await this.audit.record('mfa.recovery_codes_generated', {
      userId,
      context,
      details: {count: codes.length},
    });
    return codes;
  }

  /** New codes when the user has no unused one (a first factor); else none. */
  async issueIfNone(
    userId: string,
    context: RequestContext,
  ): Promise<string[] | undefined> {
    if ((await this.remaining(userId)) > 0) return undefined;
    return this.generate(userId, context);
  }

  /** How many unused codes the user has. */
  async remaining(userId: string): Promise<number> {
    const codes = await this.codes.find({where: {userId}});
    return codes.filter(c => !c.usedAt).length;
  }

  /** Forgets every code (the last factor removed, the account deleted). */
  async deleteAll(userId: string): Promise<void> {
    await this.codes.deleteAll({userId});
  }

  /**
   * Spends the code `proof` names: once, even against a concurrent use of
   * the same code on another node (the store decides which one wins).
   */
  async verify(
    userId: string,
    proof: SecondFactorProof,
    attempt: ProofAttempt,
  ): Promise<string[]> {
    const code = proof.method === 'recovery_code' ? normalize(proof.code) : '';
    const digest = code ? codeDigest(userId, code) : '';
    const rows = code ? await this.codes.find({where: {userId}}) : [];
    const match = rows.find(
      row => !row.usedAt && constantTimeEqual(row.codeHash, digest),
    );
    const claimed =
      match &&
      (await this.store.setIfAbsent(
        `recovery-used:${match.id}`,
        '1',
        24 * 3600_000,
      ));
    if (!match || !claimed) {
      throw new AppError('INVALID_MFA_CODE', 'The recovery code is wrong.');
    }
    await this.codes.updateById(match.id, {usedAt: new Date(this.clock.now())});
    await this.audit.record('mfa.recovery_code_used', {
      userId,
      context: attempt.context,
      details: {remaining: rows.filter(r => !r.usedAt).length - 1},
    });
    return [AMR.otp];
  }
}

function newCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(32)];
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/**
 * A code as typed: case, spaces and dashes do not matter, and the letters
 * Crockford's alphabet leaves out read as the digits they look like.
 */
function normalize(input: string): string {
  const code = input
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return code.length === CODE_LENGTH &&
    [...code].every(c => ALPHABET.includes(c))
    ? code
    : '';
}

function codeDigest(userId: string, code: string): string {
  return sha256Digest(`recovery:${userId}:${normalize(code)}`);
}
