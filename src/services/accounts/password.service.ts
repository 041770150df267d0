import {
  Algorithm,
  hash as argon2Hash,
  verify as argon2Verify,
  parseOptions,
  ParsedHashOptions,
  Version,
} from '@node-rs/argon2';
import {randomBytes} from 'node:crypto';
import {looksLikeBcrypt, verifyBcrypt} from './bcrypt-hash';
import {
  checkPasswordPolicy,
  normalizePassword,
  PasswordContext,
} from './password-policy';

/** argon2id cost parameters; `memoryCost` is in KiB. */
export interface PasswordHashParams {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

/** OWASP's argon2id recommendation: 19 MiB, 2 passes, 1 lane. */
export const OWASP_ARGON2ID_PARAMS: Readonly<PasswordHashParams> = {
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
};

const OUTPUT_LENGTH = 32;

/**
 * A stored hash names its own cost, and verifying trusts it: a corrupted or
 * planted hash with m=4294967295 makes argon2 try to allocate 4 TiB and the
 * process is killed. Hashes costing more than this are refused unverified.
 */
const MAX_VERIFY_COST: Readonly<PasswordHashParams> = {
  memoryCost: 256 * 1024,
  timeCost: 16,
  parallelism: 16,
};

/**
 * Hashes and verifies passwords (argon2id, PHC strings) and applies the
 * password policy. Passwords are NFC-normalised before hashing so the same
 * password typed on any system verifies.
 */
export class PasswordService {
  private readonly params: Readonly<PasswordHashParams>;
  private dummyHash?: Promise<string>;

  constructor(params: Partial<PasswordHashParams> = {}) {
    this.params = Object.freeze({...OWASP_ARGON2ID_PARAMS, ...params});
  }

  /** The argon2id PHC string of `password` with the current parameters. */
  hash(password: string): Promise<string> {
    return argon2Hash(normalizePassword(password), {
      algorithm: Algorithm.Argon2id,
      version: Version.V0x13,
      outputLen: OUTPUT_LENGTH,
      ...this.params,
    });
  }

  /**
   * Whether `password` matches `hash`: an argon2 PHC string, or a bcrypt
   * hash brought from LoopBack 3 (`npm run import-lb3`), which
   * `needsRehash` then reports so the login stores argon2id instead. False,
   * never an exception, for a malformed hash or one whose cost exceeds what
   * this service will spend.
   */
  async verify(hash: string, password: string): Promise<boolean> {
    if (typeof hash === 'string' && looksLikeBcrypt(hash)) {
      return verifyBcrypt(hash, password);
    }
    const options = parse(hash);
    if (!options || exceedsMaxCost(options)) return false;
    try {
      return await argon2Verify(hash, normalizePassword(password));
    } catch {
      return false;
    }
  }

  /**
   * True when `hash` was made with another algorithm, version or cost than
   * the current one (a bcrypt hash included), so a successful login
   * should store `hash(password)`.
   */
  needsRehash(hash: string): boolean {
    const options = parse(hash);
    if (!options) return true;
    return (
      options.algorithm !== Algorithm.Argon2id ||
      options.version !== Version.V0x13 ||
      options.outputLen !== OUTPUT_LENGTH ||
      options.memoryCost !== this.params.memoryCost ||
      options.timeCost !== this.params.timeCost ||
      options.parallelism !== this.params.parallelism
    );
  }

  /**
   * Verifies against `hash`, or, when there is none (unknown user, no
   * password set), against a dummy hash with the current parameters and
   * answers false: login takes as long either way, so its timing does not
   * tell which accounts exist.
   */
  async verifyOrDummy(
    hash: string | undefined,
    password: string,
  ): Promise<boolean> {
    if (hash !== undefined) return this.verify(hash, password);
    await this.verify(await this.getDummyHash(), password);
    return false;
  }

  /**
   * Throws AppError `WEAK_PASSWORD` with `details.reason` (`TOO_SHORT`,
   * `TOO_LONG`, `COMMON`, `CONTAINS_ACCOUNT_NAME`) when `password` may not
   * be used by the account described by `context`.
   */
  checkPolicy(password: string, context?: PasswordContext): void {
    checkPasswordPolicy(password, context);
  }

  private getDummyHash(): Promise<string> {
    // Computed once, on first need, so start-up does not pay for it; a
    // failure is forgotten so the next login tries again.
    if (!this.dummyHash) {
      const pending = this.hash(randomBytes(32).toString('base64url'));
      pending.catch(() => {
        if (this.dummyHash === pending) this.dummyHash = undefined;
      });
      this.dummyHash = pending;
    }
    return this.dummyHash;
  }
}

function parse(hash: string): ParsedHashOptions | undefined {
  if (typeof hash !== 'string') return undefined;
  try {
    return parseOptions(hash);
  } catch {
    return undefined;
  }
}

function exceedsMaxCost(options: ParsedHashOptions): boolean {
  return (
    options.memoryCost > MAX_VERIFY_COST.memoryCost ||
    options.timeCost > MAX_VERIFY_COST.timeCost ||
    options.parallelism > MAX_VERIFY_COST.parallelism
  );
}
