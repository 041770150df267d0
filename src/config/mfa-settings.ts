import {AppConfig} from './app-config';
import {parseDuration, parseHttpUrl} from './env-parsers';

type Read = <T>(name: string, parse: (raw: string) => T, fallback: T) => T;

/**
 * Second factors and step-up (DESIGN §9): the name authenticator apps show
 * (MFA_ISSUER), the WebAuthn relying party (WEBAUTHN_RP_ID, and the origins
 * assertions may come from, WEBAUTHN_ORIGINS, comma-separated), and how
 * recent a sign-in a sensitive operation needs (STEP_UP_MAX_AGE).
 */
export function readMfaSettings(
  read: Read,
  baseUrl: string,
  problems: string[],
): Pick<AppConfig, 'mfa'> {
  const base = new URL(baseUrl);
  const issuer = read('MFA_ISSUER', parseIssuer, 'Identity service');
  const rpId = read('WEBAUTHN_RP_ID', parseRpId, base.hostname);
  const origins = read('WEBAUTHN_ORIGINS', parseOrigins, [base.origin]);
  for (const origin of origins) {
    const host = new URL(origin).hostname;
    if (host !== rpId && !host.endsWith(`.${rpId}`)) {
      problems.push(
        `WEBAUTHN_ORIGINS: ${origin} is not WEBAUTHN_RP_ID (${rpId}) or one of its subdomains`,
      );
    }
  }
  const stepUpMaxAge = read('STEP_UP_MAX_AGE', parseDuration, 300);
  return {mfa: {issuer, rpId, origins, stepUpMaxAge}};
}

function parseIssuer(raw: string): string {
  const value = raw.trim();
  // The issuer is part of an otpauth:// label: no colon (it separates the
  // issuer from the account there) and nothing invisible.
  if (!value || value.length > 64 || /[:\p{Cc}]/u.test(value)) {
    throw new Error(
      'expected a name of 1 to 64 characters without ":" or control characters',
    );
  }
  return value;
}

function parseRpId(raw: string): string {
  const value = raw.trim().toLowerCase();
  if (
    !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(
      value,
    )
  ) {
    throw new Error(`expected a host name such as example.com, got "${raw}"`);
  }
  return value;
}

function parseOrigins(raw: string): string[] {
  const origins = raw
    .split(',')
    .map(value => value.trim())
    .filter(Boolean)
    .map(value => new URL(parseHttpUrl(value)).origin);
  if (!origins.length) throw new Error('expected at least one origin');
  return origins;
}
