import {lazyModule} from '../platform/lazy-module';

// Loaded by the first sign-in of a user imported from LoopBack 3.
const bcryptjs = lazyModule(
  () => require('bcryptjs') as typeof import('bcryptjs'),
);

/**
 * A bcrypt hash in the modular crypt format LoopBack 3 stored (bcryptjs
 * wrote `$2a$`; other tools write `$2b$` and PHP `$2y$`): version, a
 * two-digit cost from 04 to 31, then 22 characters of salt and 31 of hash.
 */
const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

/**
 * The highest cost verified at sign-in. Each step doubles the work: in
 * bcryptjs (pure JavaScript) cost 10, LoopBack 3's default, took 0.1-0.2 s
 * on the CI machine, 12 about 1.2 s, so 14 is some seconds and 31 would be
 * months. Like argon2's cost ceiling in PasswordService, this keeps a
 * corrupted or planted hash from holding a core; the import refuses such
 * hashes up front, so none is lost unseen.
 */
export const MAX_BCRYPT_VERIFY_COST = 14;

/** The cost of a well-formed bcrypt hash, undefined for anything else. */
export function bcryptCost(hash: unknown): number | undefined {
  if (typeof hash !== 'string') return undefined;
  const match = BCRYPT_HASH.exec(hash);
  return match ? Number(match[1]) : undefined;
}

/** Whether `hash` looks like bcrypt at all (its `$2?$` prefix). */
export function looksLikeBcrypt(hash: string): boolean {
  return /^\$2[a-z]?\$/.test(hash);
}

/**
 * Whether `password` matches the bcrypt `hash`. False, never an exception,
 * for a malformed hash or one costing more than MAX_BCRYPT_VERIFY_COST.
 * LoopBack 3 hashed the password as typed; a password typed in another
 * Unicode form than at sign-up is retried in NFC, the form this service
 * hashes.
 */
export async function verifyBcrypt(
  hash: string,
  password: string,
): Promise<boolean> {
  const cost = bcryptCost(hash);
  if (cost === undefined || cost > MAX_BCRYPT_VERIFY_COST) return false;
  try {
    if (await bcryptjs().compare(password, hash)) return true;
    const nfc = password.normalize('NFC');
    return nfc !== password && (await bcryptjs().compare(nfc, hash));
  } catch {
    return false;
  }
}
