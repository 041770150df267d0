/**
 * What the service prepends to every key it writes in Redis, so several
 * services can share one database. A reader of the service's keys (the
 * identity-token strategy in store mode) starts from the same prefix.
 */
export const DEFAULT_REDIS_KEY_PREFIX = 'identity:';

/**
 * Storage for what expires: OAuth state, one-time codes, revocations,
 * counters. In-process by default, Redis when REDIS_URL is set; both honour
 * TTLs. Keys are namespaced by the caller (`state:…`, `code:…`).
 *
 * Every method rejects with a 503 `SERVICE_UNAVAILABLE` AppError when the
 * backend cannot be reached or the store is closed, and with a RangeError
 * for a TTL that is not a positive integer of milliseconds.
 */
export interface EphemeralStore {
  /** Which backend answers, for `/ready` and logs. */
  readonly kind: 'memory' | 'redis';
  /** Stores `value` under `key` for `ttlMs` milliseconds, replacing any value. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * Stores every entry, each with its TTL, in one round trip (a Redis
   * MULTI): many writes cost about what one does.
   */
  setMany(entries: StoreEntry[]): Promise<void>;
  /** Stores only when `key` is absent; true when this call stored it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** The live value, or undefined when absent or expired. */
  get(key: string): Promise<string | undefined>;
  /**
   * The live values of several keys in one round trip (Redis MGET), in the
   * order asked; undefined for each absent or expired key.
   */
  getMany(keys: string[]): Promise<(string | undefined)[]>;
  /**
   * Stores every entry in one atomic step, but only while `guard.key` still
   * holds `guard.value`; true when stored. For writes that must not land in
   * a store emptied after the guard was set, e.g. by a Redis restart between
   * taking a lock and writing what was read under it.
   */
  setAllWhile(guard: StoreEntryRef, entries: StoreEntry[]): Promise<boolean>;
  /** Reads and deletes in one atomic step: the value is handed out once. */
  take(key: string): Promise<string | undefined>;
  /** Removes `key`; absent keys are fine. */
  delete(key: string): Promise<void>;
  /**
   * Adds one to a counter and returns the new count. The TTL is set when the
   * counter is created and not extended by later increments.
   */
  increment(key: string, ttlMs: number): Promise<number>;
  /** Milliseconds left before `key` expires, or undefined when absent. */
  ttl(key: string): Promise<number | undefined>;
  /** Throws when the backend cannot be reached. */
  ping(): Promise<void>;
  /** Releases the backend; later calls fail. Safe to call twice. */
  close(): Promise<void>;
}

/** A key and the value it must hold. */
export interface StoreEntryRef {
  key: string;
  value: string;
}

/** One entry to store, with its TTL in milliseconds. */
export interface StoreEntry extends StoreEntryRef {
  ttlMs: number;
}

/**
 * Rejects a TTL both backends cannot honour alike: Redis refuses zero,
 * negative and fractional expiries, and an infinite one would never expire.
 */
export function checkTtl(ttlMs: number): number {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`TTL must be a positive integer of ms, got ${ttlMs}`);
  }
  return ttlMs;
}
