import {TOKEN_SIGNING_ALGS, TokenSigningAlg} from './app-config';

/**
 * Small parsers for environment values. Each returns the parsed value or
 * throws a message that says what was expected; `loadConfig` prefixes the
 * variable's name.
 */

export function parsePort(raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new Error(`expected a port number from 0 to 65535, got "${raw}"`);
  }
  return port;
}

const UNIT_SECONDS: Record<string, number> = {
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
};

/** `900`, `900s`, `15m`, `12h`, `30d` → seconds. */
export function parseDuration(raw: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(raw.trim());
  const seconds = match
    ? Number(match[1]) * (UNIT_SECONDS[match[2] ? match[2] : 's'] ?? 1)
    : NaN;
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new Error(
      `expected a positive duration in seconds or with a unit (900, 15m, 12h, 30d), got "${raw}"`,
    );
  }
  return seconds;
}

export function parseBoolean(raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(value)) return false;
  throw new Error(`expected true or false, got "${raw}"`);
}

/** An absolute http(s) URL, returned without a trailing slash. */
export function parseHttpUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`expected an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`expected an http or https URL, got "${raw}"`);
  }
  if (url.search || url.hash) {
    throw new Error(`expected a URL without query or fragment, got "${raw}"`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** Express's `trust proxy`: true/false, a hop count, or addresses/subnets. */
export function parseTrustProxy(raw: string): boolean | number | string {
  const value = raw.trim();
  if (/^\d+$/.test(value)) return Number(value);
  try {
    return parseBoolean(value);
  } catch {
    if (/^[\w.:/,\s-]+$/.test(value)) return value;
    throw new Error(
      `expected true, false, a hop count or a list of addresses, got "${raw}"`,
    );
  }
}

export const LOG_LEVELS = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
] as const;

export function parseEmail(raw: string): string {
  const value = raw.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
    throw new Error(`expected an email address, got "${raw}"`);
  }
  return value;
}

/**
 * nodemailer's connection URL: smtp://user:pass@host:port or smtps://….
 * The message never repeats the value: it usually holds a password.
 */
export function parseSmtpUrl(raw: string): string {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')) {
    throw new Error(
      'expected an smtp://user:pass@host:port or smtps://… URL (value not shown: it may hold a password)',
    );
  }
  if (!url.hostname) throw new Error('expected a host name in the URL');
  return raw;
}

export function parseTokenSigningAlg(raw: string): TokenSigningAlg {
  const alg = TOKEN_SIGNING_ALGS.find(known => known === raw.trim());
  if (alg) return alg;
  throw new Error(
    `expected one of ${TOKEN_SIGNING_ALGS.join(', ')}, got "${raw}"`,
  );
}

/** A redis:// or rediss:// URL (REDIS_URL). */
export function parseRedisUrl(raw: string): string {
  if (!/^rediss?:\/\//.test(raw)) {
    throw new Error(`expected a redis:// or rediss:// URL, got "${raw}"`);
  }
  return raw;
}
