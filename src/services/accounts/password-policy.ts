import {AppError} from '../../errors';
import {isCommonPassword} from './common-passwords';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
/**
 * Shorter account names are only refused when the whole password equals
 * them: refusing every password that merely contains "ann" or "bob" would
 * reject good passwords for no real gain.
 */
const MIN_CONTAINED_NAME_LENGTH = 5;

/** Why a password was refused; sent as `details.reason`. A closed set. */
export type WeakPasswordReason =
  'TOO_SHORT' | 'TOO_LONG' | 'COMMON' | 'CONTAINS_ACCOUNT_NAME';

/** What the account is called, so a password cannot simply repeat it. */
export interface PasswordContext {
  email?: string;
  username?: string;
  name?: string;
}

/**
 * NFC so that the same password typed on systems that compose accents
 * differently (macOS input produces NFD) counts, hashes and verifies alike.
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

/**
 * Throws AppError `WEAK_PASSWORD` (422) with `details.reason` when the
 * password breaks the policy (NIST SP 800-63B: length and a blocklist, no
 * composition rules). Length counts Unicode code points after NFC, so an
 * emoji or an accented letter is one character, as the person sees it.
 */
export function checkPasswordPolicy(
  password: string,
  context: PasswordContext = {},
): void {
  const normalized = normalizePassword(password);
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) {
    throw weak(
      'TOO_SHORT',
      `Password must be at least ${PASSWORD_MIN_LENGTH} characters long.`,
      {minLength: PASSWORD_MIN_LENGTH},
    );
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw weak(
      'TOO_LONG',
      `Password must be at most ${PASSWORD_MAX_LENGTH} characters long.`,
      {maxLength: PASSWORD_MAX_LENGTH},
    );
  }
  const lower = normalized.toLowerCase();
  if (accountNames(context).some(n => repeatsName(lower, n))) {
    throw weak(
      'CONTAINS_ACCOUNT_NAME',
      'Password must not contain your email address, username or name.',
    );
  }
  if (isCommonPassword(lower)) {
    throw weak(
      'COMMON',
      'This password is one of the most commonly used passwords and is easy to guess; choose another one.',
    );
  }
}

function accountNames(context: PasswordContext): string[] {
  const names = [context.email, context.username, context.name];
  const localPart = context.email?.split('@')[0];
  names.push(localPart, context.name?.replace(/\s+/g, ''));
  return names
    .filter((n): n is string => typeof n === 'string')
    .map(n => normalizePassword(n).trim().toLowerCase())
    .filter(n => n.length > 0);
}

function repeatsName(password: string, name: string): boolean {
  if (password === name) return true;
  return (
    [...name].length >= MIN_CONTAINED_NAME_LENGTH && password.includes(name)
  );
}

function weak(
  reason: WeakPasswordReason,
  message: string,
  extra: object = {},
): AppError {
  return new AppError('WEAK_PASSWORD', message, {
    details: {reason, ...extra},
  });
}
