import {lazyModule} from '../platform/lazy-module';

// Loaded at the first TOTP enrolment or check.
const otplib = lazyModule(() => require('otplib') as typeof import('otplib'));

/**
 * RFC 6238 as every authenticator app reads an `otpauth://` URI without
 * parameters: HMAC-SHA1, 6 digits, 30-second steps.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;

/**
 * Steps either side of now a code may come from: a phone's clock a little
 * off, or a code typed as it changed.
 */
export const TOTP_WINDOW_STEPS = 1;

/** A new shared secret: 20 random bytes (160 bits, RFC 4226), base32. */
export function newTotpSecret(): string {
  return otplib().generateSecret({length: 20});
}

/**
 * The `otpauth://totp/` URI an authenticator app scans: `issuer` (the
 * service) and `account` (whose code it is) as the app shows them.
 */
export function otpauthUri(
  issuer: string,
  account: string,
  secret: string,
): string {
  return otplib().generateURI({issuer, label: account, secret});
}

/** A code as typed: spaces (apps show `123 456`) do not matter. */
export function normalizeTotpCode(input: string): string | undefined {
  const code = typeof input === 'string' ? input.replace(/\s/g, '') : '';
  return new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code) ? code : undefined;
}

/**
 * The time step (`floor(unix seconds / 30)`) whose code `code` is, within
 * the window around `nowMs`; undefined when it is no code of that window.
 * Time is the caller's (the injected clock), never the machine's.
 */
export async function matchingTimeStep(
  secret: string,
  code: string,
  nowMs: number,
): Promise<number | undefined> {
  const token = normalizeTotpCode(code);
  if (!token) return undefined;
  const result = await otplib().verify({
    secret,
    token,
    algorithm: 'sha1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    epoch: Math.floor(nowMs / 1000),
    // Seconds, not steps: ±30 s from any instant reaches exactly the step
    // before and the step after the current one.
    epochTolerance: TOTP_WINDOW_STEPS * TOTP_PERIOD_SECONDS,
  });
  // otplib's result type also covers HOTP, which has no time step.
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}
