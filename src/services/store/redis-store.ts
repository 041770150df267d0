import type {Redis} from 'ioredis';
import {lazyModule} from '../platform/lazy-module';
import {AppError} from '../../errors';
import {
  checkTtl,
  DEFAULT_REDIS_KEY_PREFIX,
  EphemeralStore,
  StoreEntry,
  StoreEntryRef,
} from './ephemeral-store';
import {Logger} from '../platform/logger';
import {ScriptedRedis, withStoreScripts} from './redis-scripts';

// Loaded when a store is configured: without REDIS_URL no node needs it.
const ioredis = lazyModule(
  () => require('ioredis') as typeof import('ioredis'),
);

export interface RedisStoreOptions {
  /** Receives connection errors, which ioredis would otherwise print. */
  logger: Logger;
  /**
   * Prepended to every key so several services, or test runs, can share one
   * Redis database. Defaults to `DEFAULT_REDIS_KEY_PREFIX` (`identity:`).
   */
  keyPrefix?: string;
  /**
   * Upper bound for any one command, whether sent or still waiting for a
   * connection; past it the caller gets a 503 instead of a hung request.
   */
  commandTimeoutMs?: number;
  /** How long one connection attempt may take. */
  connectTimeoutMs?: number;
}

/**
 * The shared store for several nodes. Expiry is Redis's own (server time),
 * so every node sees an entry expire at the same moment.
 *
 * Fails fast: a command waits at most `commandTimeoutMs` (connected or not),
 * queued commands are dropped after one failed reconnect, commands during a
 * known outage fail at once, and every connection failure surfaces as a 503
 * `SERVICE_UNAVAILABLE` AppError.
 * The client keeps reconnecting in the background, so the service recovers
 * by itself when Redis is back.
 */
export class RedisStore implements EphemeralStore {
  readonly kind = 'redis';
  readonly keyPrefix: string;
  private readonly redis: ScriptedRedis;
  private readonly logger: Logger;
  private reachable = true;
  private closed = false;

  constructor(url: string, options: RedisStoreOptions) {
    this.keyPrefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
    this.logger = options.logger;
    const redis = new (ioredis().Redis)(url, {
      connectTimeout: options.connectTimeoutMs ?? 2000,
      commandTimeout: options.commandTimeoutMs ?? 1000,
      // The offline queue lets the first requests wait for the initial
      // connection; the retry limit and command timeout keep that bounded.
      enableOfflineQueue: true,
      maxRetriesPerRequest: 1,
      retryStrategy: attempt => Math.min(100 * 2 ** (attempt - 1), 2000),
    });
    redis.on('error', (err: Error) => this.onConnectionError(err));
    redis.on('ready', () => this.onReady());
    this.redis = withStoreScripts(redis);
  }

  /**
   * The ioredis connection, for libraries that need their own commands on
   * it (e.g. rate-limiter-flexible's RateLimiterRedis). It applies no key
   * prefix: namespace such keys with `keyPrefix`. Do not close it directly.
   */
  get client(): Redis {
    return this.redis;
  }

  /** Stores `value` for `ttlMs`, replacing any value and its TTL. */
  async set(key: string, value: string, ttlMs: number): Promise<void> {
    checkTtl(ttlMs);
    await this.run(() => this.redis.set(this.k(key), value, 'PX', ttlMs));
  }

  /** One MULTI of SET PX: one round trip, applied together. */
  async setMany(entries: StoreEntry[]): Promise<void> {
    for (const entry of entries) checkTtl(entry.ttlMs);
    if (!entries.length) return;
    await this.run(async () => {
      const multi = this.redis.multi();
      for (const e of entries) multi.set(this.k(e.key), e.value, 'PX', e.ttlMs);
      const replies = await multi.exec();
      const failed = replies?.find(([err]) => err)?.[0];
      if (failed) throw failed;
    });
  }

  /** SET NX PX: true when this call stored the value. */
  async setIfAbsent(
    key: string,
    value: string,
    ttlMs: number,
  ): Promise<boolean> {
    checkTtl(ttlMs);
    const reply = await this.run(() =>
      this.redis.set(this.k(key), value, 'PX', ttlMs, 'NX'),
    );
    return reply === 'OK';
  }

  /** The live value, or undefined. */
  async get(key: string): Promise<string | undefined> {
    return (await this.run(() => this.redis.get(this.k(key)))) ?? undefined;
  }

  /** MGET: one round trip for all of them. */
  async getMany(keys: string[]): Promise<(string | undefined)[]> {
    if (keys.length === 0) return [];
    const values = await this.run(() =>
      this.redis.mget(keys.map(key => this.k(key))),
    );
    return values.map(value => value ?? undefined);
  }

  /** One Lua script: the guard check and every SET are atomic together. */
  async setAllWhile(
    guard: StoreEntryRef,
    entries: StoreEntry[],
  ): Promise<boolean> {
    for (const entry of entries) checkTtl(entry.ttlMs);
    const keys = [guard.key, ...entries.map(e => e.key)].map(k => this.k(k));
    const args = [guard.value, ...entries.flatMap(e => [e.value, e.ttlMs])];
    const stored = await this.run(() =>
      this.redis.storeSetAllWhile(keys.length, ...keys, ...args),
    );
    return stored === 1;
  }

  /** GETDEL: of concurrent callers on any node, exactly one gets the value. */
  async take(key: string): Promise<string | undefined> {
    return (await this.run(() => this.redis.getdel(this.k(key)))) ?? undefined;
  }

  /** Removes the entry if present. */
  async delete(key: string): Promise<void> {
    await this.run(() => this.redis.del(this.k(key)));
  }

  /** Adds one atomically; the TTL starts when the counter is created. */
  async increment(key: string, ttlMs: number): Promise<number> {
    checkTtl(ttlMs);
    return this.run(() => this.redis.storeIncrement(this.k(key), ttlMs));
  }

  /** PTTL in milliseconds, or undefined when absent or expired. */
  async ttl(key: string): Promise<number | undefined> {
    const ms = await this.run(() => this.redis.pttl(this.k(key)));
    if (ms === -2) return undefined;
    // -1: written without a TTL by something other than this store.
    return ms === -1 ? Number.POSITIVE_INFINITY : ms;
  }

  /** Rejects with SERVICE_UNAVAILABLE within the command timeout when down. */
  async ping(): Promise<void> {
    await this.run(() => this.redis.ping());
  }

  /** Sends QUIT, or drops the socket when Redis cannot be reached. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }

  private k(key: string): string {
    return this.keyPrefix + key;
  }

  private async run<T>(command: () => Promise<T>): Promise<T> {
    // During a known outage, answer at once rather than queue each request
    // until the next failed reconnect; 'ready' sets `reachable` again.
    if (this.closed || (!this.reachable && this.redis.status !== 'ready')) {
      throw unavailable();
    }
    try {
      return await command();
    } catch (err) {
      if (isReplyError(err)) throw err;
      // During a known outage the connection error was logged once already;
      // otherwise (e.g. a timeout on a live connection) say why here, as the
      // 503 the caller sees carries no internals.
      if (this.reachable) {
        this.logger.warn({err, store: 'redis'}, 'store command failed');
      }
      throw unavailable();
    }
  }

  private onConnectionError(err: Error): void {
    // One line per outage; each reconnect attempt fails again and would
    // otherwise flood the log.
    if (this.reachable) {
      this.reachable = false;
      this.logger.error({err, store: 'redis'}, 'store unreachable; retrying');
    } else {
      this.logger.debug({err, store: 'redis'}, 'store still unreachable');
    }
  }

  private onReady(): void {
    if (!this.reachable) this.logger.info({store: 'redis'}, 'store reachable');
    this.reachable = true;
  }
}

function unavailable(): AppError {
  return new AppError(
    'SERVICE_UNAVAILABLE',
    'The ephemeral store cannot be reached',
  );
}

/**
 * A reply error means Redis answered (e.g. INCR on a non-integer): that is a
 * bug and stays a 500. Anything else is the connection: a 503.
 */
function isReplyError(err: unknown): boolean {
  return err instanceof Error && err.name === 'ReplyError';
}
