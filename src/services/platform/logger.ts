import pino, {DestinationStream} from 'pino';
import {LogLevel} from '../../config';
import {requestScope} from './request-scope';

export type Logger = pino.Logger;

/**
 * Keys whose values never reach a log line, at any depth pino can address.
 * Code should not log secrets in the first place; this is the safety net.
 */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'hash',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'idToken',
  'id_token',
  'code_verifier',
  'secret',
  'clientSecret',
  'client_secret',
  'secretHash',
  'privateJwk',
  'credentials',
  'authorization',
  'cookie',
  'appSecret',
  'deviceToken',
];

const SECRETS = new Set([...SECRET_KEYS, 'device-token']);
const CENSOR = '[redacted]';
/** Levels below a line's top a secret is looked for (`a.b.c.password`). */
const MAX_DEPTH = 3;

/**
 * `value` with every secret key's value censored, to MAX_DEPTH levels of
 * plain objects and arrays; parts without secrets are shared, not copied,
 * and the caller's objects are never changed. It replaces pino's `redact`
 * paths (fast-redact with `*.*.key` wildcards), which cost about 90 µs a
 * line: one access-log line per request, on every request.
 */
export function withoutSecrets(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) {
    return value;
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const clean = withoutSecrets(item, depth + 1);
      if (clean !== item) (copy ??= [...value])[i] = clean;
    });
    return copy ?? value;
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  const isError = value instanceof Error;
  if (proto !== Object.prototype && proto !== null && !isError) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const clean = SECRETS.has(key) ? CENSOR : withoutSecrets(item, depth + 1);
    if (clean === item) continue;
    // An error stays an error (same class, message and stack) for pino's
    // err serializer.
    copy ??= isError
      ? Object.assign(Object.create(proto) as Record<string, unknown>, value, {
          message: (value as Error).message,
          stack: (value as Error).stack,
        })
      : {...value};
    copy[key] = clean;
  }
  return copy ?? value;
}

/** JSON-lines logger; `destination` lets tests capture the lines. */
export function createLogger(
  level: LogLevel,
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      level,
      base: {service: 'identity'},
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: label => ({level: label}),
        log: line => withoutSecrets(line) as Record<string, unknown>,
      },
      // Every line written while a request runs names it.
      mixin: () => requestScope.getStore() ?? {},
    },
    destination,
  );
}
