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

const REDACT_PATHS = SECRET_KEYS.flatMap(key => [
  key,
  `*.${key}`,
  `*.*.${key}`,
  `req.headers.${key}`,
]).concat(['req.headers["device-token"]', 'res.headers["device-token"]']);

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
      redact: {paths: REDACT_PATHS, censor: '[redacted]'},
      formatters: {level: label => ({level: label})},
      // Every line written while a request runs names it.
      mixin: () => requestScope.getStore() ?? {},
    },
    destination,
  );
}
