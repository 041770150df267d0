import net from 'node:net';
import {AppConfig, ConfigError, Env} from './config';
import {parseBoolean, parseDuration} from './config/env-parsers';
import {Logger} from './services/platform/logger';
import type {IdentityApplication} from './application';

/**
 * The stand-alone process around the application (`npm start`, `node .`):
 * how it stops on SIGTERM/SIGINT, and the one-line messages for the
 * failures an operator meets at start (port in use, database unreachable).
 */
export interface ProcessSettings {
  /** SHUTDOWN_TIMEOUT: how long requests in flight may take to finish. */
  readonly shutdownTimeoutMs: number;
  /** START_WITHOUT_DATABASE: listen even while the database is down. */
  readonly startWithoutDatabase: boolean;
}

const DEFAULT_SHUTDOWN_TIMEOUT_S = 10;
/** How long the database check at start waits for an answer. */
const DATABASE_CHECK_MS = 10000;

/** A failure at start that one line explains; printed without a stack. */
export class StartError extends Error {}

export function readProcessSettings(env: Env): ProcessSettings {
  const read = <T>(name: string, parse: (raw: string) => T, fallback: T) => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    try {
      return parse(raw);
    } catch (err) {
      throw new ConfigError([`${name}: ${(err as Error).message}`]);
    }
  };
  return {
    shutdownTimeoutMs:
      read('SHUTDOWN_TIMEOUT', parseDuration, DEFAULT_SHUTDOWN_TIMEOUT_S) *
      1000,
    startWithoutDatabase: read('START_WITHOUT_DATABASE', parseBoolean, false),
  };
}

/**
 * Fails the start with a StartError naming DATABASE_URL's host (never its
 * password) when no host of it accepts a TCP connection within
 * DATABASE_CHECK_MS. A TCP probe rather than a query: it answers before
 * the datasource exists, so the connector prints nothing of its own.
 * (A wrong password or database name is logged by the connector later.)
 */
export async function checkDatabase(config: AppConfig): Promise<void> {
  const url = config.database.url;
  if (config.database.kind === 'memory' || !url) return;
  if (/^mongodb\+srv:/i.test(url)) return; // hosts come from DNS SRV records
  const hosts = databaseHost(url).split(',');
  const fallback = config.database.kind === 'mongodb' ? 27017 : 5432;
  const failures = await Promise.all(hosts.map(h => probe(h, fallback)));
  const failure = failures.find(f => f !== undefined);
  if (failures.every(f => f !== undefined) && failure) {
    throw new StartError(
      `the database at ${hosts.join(',')} (DATABASE_URL) is unreachable: ${withoutPassword(failure, url)}`,
    );
  }
}

/** Undefined once `host:port` accepts a connection, else why not. */
async function probe(
  hostPort: string,
  fallbackPort: number,
): Promise<string | undefined> {
  const match = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(hostPort);
  const host = match?.[1] ?? 'localhost';
  const port = Number(match?.[2] ?? fallbackPort);
  return new Promise(resolve => {
    const socket = net.connect({host, port});
    socket.setTimeout(DATABASE_CHECK_MS);
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(`no answer within ${DATABASE_CHECK_MS / 1000} s`);
    });
    socket.once('error', err => resolve(err.message));
  });
}

/** `host:port` (or several, for a MongoDB replica set) of a database URL. */
export function databaseHost(url: string): string {
  return /^[a-z0-9+.-]+:\/\/(?:[^@/]*@)?([^/?#]*)/i.exec(url)?.[1] ?? '?';
}

function withoutPassword(text: string, url: string): string {
  const password = /^[a-z0-9+.-]+:\/\/[^:@/]*:([^@/]*)@/i.exec(url)?.[1];
  if (!password) return text;
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // Kept as written.
  }
  return text.split(password).join('***').split(decoded).join('***');
}

/**
 * The one line to print for a failed start, or undefined when the error is
 * unexpected (then its stack helps more).
 */
export function startFailureLine(err: unknown): string | undefined {
  if (err instanceof ConfigError) return err.message;
  const prefix = 'Cannot start the identity service: ';
  if (err instanceof StartError) return prefix + err.message;
  const {code, port, address, syscall} = (err ?? {}) as {
    code?: string;
    port?: number;
    address?: string;
    syscall?: string;
  };
  if (syscall !== 'listen') return undefined;
  const where = `port ${port} on ${address}`;
  if (code === 'EADDRINUSE') {
    return `${prefix}${where} is already in use (another process listens there; stop it or set PORT).`;
  }
  if (code === 'EACCES') {
    return `${prefix}not allowed to listen on ${where} (ports below 1024 need privileges; set PORT).`;
  }
  if (code === 'EADDRNOTAVAIL') {
    return `${prefix}${address} is not an address of this machine (set HOST).`;
  }
  return undefined;
}

/**
 * On SIGTERM or SIGINT: stop accepting connections, let requests in flight
 * finish within `timeoutMs` (the REST server's grace period, after which
 * their connections are cut), close the database and the store, exit 0.
 * A second signal, or a stop that hangs, exits 1 at once.
 */
export function stopOnSignals(
  app: IdentityApplication,
  log: Logger,
  timeoutMs: number,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({signal}, `${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    log.info(
      {signal, timeoutMs},
      `${signal}: stopping; no new connections, requests in flight have ${timeoutMs / 1000} s to finish`,
    );
    setTimeout(() => {
      log.error('the service did not stop in time; exiting');
      process.exit(1);
    }, timeoutMs + 5000).unref();
    app.stop().then(
      () => {
        log.info('identity service stopped');
        process.exit(0);
      },
      err => {
        log.error({err}, 'stopping the service failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
