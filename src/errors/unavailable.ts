import {AppError} from './app-error';
import {OAuthError} from './oauth-error';

/**
 * How long clients are told to wait before retrying during an outage. Short:
 * a database restart or a Redis failover takes seconds, and the connectors
 * reconnect on their own.
 */
export const RETRY_AFTER_SECONDS = 5;

/** What an outage answer says: nothing of which server failed or why. */
export const UNAVAILABLE_MESSAGE =
  'The service is temporarily unavailable; retry later.';

/** Socket errors: the peer is down, restarting or unreachable. */
const NETWORK_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of a server that is going away or not accepting
 * connections yet: admin_shutdown, crash_shutdown, cannot_connect_now,
 * too_many_connections. Class 08 (connection exception) is tested apart.
 */
const PG_UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** MongoDB driver errors that mean "no server to talk to right now". */
const MONGO_UNAVAILABLE_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
]);

/**
 * Errors without a code that juggler, node-postgres (pool and client) and
 * ioredis raise when the connection is gone or cannot be had in time.
 */
const OUTAGE_MESSAGE_PATTERNS = [
  /^Timeout in connecting after \d+ ms$/, // juggler: datasource not connected
  /^Connection terminated/, // pg: server closed the socket, or connect timeout
  /^timeout exceeded when trying to connect$/, // pg-pool: no client in time
  /^Client has encountered a connection error and is not queryable$/,
  /^Connection is closed\.$/, // ioredis
  /^Command timed out$/, // ioredis commandTimeout
  /^Reached the max retries per request limit/, // ioredis
  /^Stream isn't writeable/, // ioredis, offline queue off
];

/**
 * Whether `err` says a database or the store cannot be reached right now, so
 * the request may succeed if retried: answered 503 SERVICE_UNAVAILABLE, never
 * 500. Looks through `cause` chains, which drivers use to wrap socket errors.
 */
export function isUnavailableError(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 3) return false;
  if (err instanceof AppError) return err.code === 'SERVICE_UNAVAILABLE';
  const e = err as {code?: unknown; name?: unknown; message?: unknown};
  if (typeof e.code === 'string') {
    if (NETWORK_ERRNOS.has(e.code) || PG_UNAVAILABLE_STATES.has(e.code)) {
      return true;
    }
    if (/^08[0-9A-Z]{3}$/.test(e.code)) return true;
  }
  if (typeof e.name === 'string') {
    if (MONGO_UNAVAILABLE_NAMES.has(e.name)) return true;
    if (e.name === 'MaxRetriesPerRequestError') return true;
  }
  if (typeof e.message === 'string') {
    const message = e.message;
    if (OUTAGE_MESSAGE_PATTERNS.some(re => re.test(message))) return true;
  }
  return isUnavailableError((err as {cause?: unknown}).cause, depth + 1);
}

/**
 * The one answer to an outage: 503 `SERVICE_UNAVAILABLE` with `Retry-After`
 * and nothing of the underlying error, which is logged instead.
 */
export function serviceUnavailable(): AppError {
  return new AppError('SERVICE_UNAVAILABLE', UNAVAILABLE_MESSAGE, {
    headers: {'Retry-After': String(RETRY_AFTER_SECONDS)},
  });
}

/**
 * The same for the OAuth endpoints, in RFC 6749's words: 503
 * `temporarily_unavailable` with `Retry-After`; `cause` is for the log.
 */
export function temporarilyUnavailable(cause: unknown): OAuthError {
  return new OAuthError('temporarily_unavailable', UNAVAILABLE_MESSAGE, {
    statusCode: 503,
    headers: {'Retry-After': String(RETRY_AFTER_SECONDS)},
    cause,
  });
}
