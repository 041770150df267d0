import {AppError} from '../../errors';
import {Clock} from '../platform/clock';
import {
  checkTtl,
  EphemeralStore,
  StoreEntry,
  StoreEntryRef,
} from './ephemeral-store';

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * Generous for one node (a pending flow is about 1 KB), and a bound on what
 * a flood of unauthenticated flow starts can make the process hold.
 */
export const MEMORY_STORE_MAX_ENTRIES = 100_000;

/** When full, sweep at most this often, so refusals stay cheap. */
const FULL_SWEEP_EVERY_MS = 1_000;

/**
 * The in-process store: one node only. Expiry follows the injected clock;
 * expired entries are dropped when read and by a periodic sweep. Every
 * method runs without awaiting, so each one is atomic like a Redis command.
 */
export class MemoryStore implements EphemeralStore {
  readonly kind = 'memory';
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;
  private lastFullSweep = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    sweepEveryMs = 60_000,
    private readonly maxEntries = MEMORY_STORE_MAX_ENTRIES,
  ) {
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs);
    this.sweeper.unref();
  }

  /** Stores `value` for `ttlMs`, replacing any value and its TTL. */
  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const expiresAt = this.expiry(ttlMs);
    this.checkRoomFor(key);
    this.entries.set(key, {value, expiresAt});
  }

  /** Every entry or, when the store is full or a TTL is bad, none. */
  async setMany(entries: StoreEntry[]): Promise<void> {
    const expiries = entries.map(e => this.expiry(e.ttlMs));
    for (const entry of entries) this.checkRoomFor(entry.key);
    entries.forEach((entry, i) => {
      this.entries.set(entry.key, {
        value: entry.value,
        expiresAt: expiries[i]!,
      });
    });
  }

  /** Stores only when no live entry exists; true when this call stored. */
  async setIfAbsent(
    key: string,
    value: string,
    ttlMs: number,
  ): Promise<boolean> {
    const expiresAt = this.expiry(ttlMs);
    if (this.live(key)) return false;
    this.checkRoomFor(key);
    this.entries.set(key, {value, expiresAt});
    return true;
  }

  /** The live value, or undefined. */
  async get(key: string): Promise<string | undefined> {
    return this.live(key)?.value;
  }

  /** The live values, in the order asked. */
  async getMany(keys: string[]): Promise<(string | undefined)[]> {
    return keys.map(key => this.live(key)?.value);
  }

  /** Stores every entry, in one synchronous step, while the guard holds. */
  async setAllWhile(
    guard: StoreEntryRef,
    entries: StoreEntry[],
  ): Promise<boolean> {
    const expiries = entries.map(e => this.expiry(e.ttlMs));
    if (this.live(guard.key)?.value !== guard.value) return false;
    for (const entry of entries) this.checkRoomFor(entry.key);
    entries.forEach((entry, i) => {
      this.entries.set(entry.key, {
        value: entry.value,
        expiresAt: expiries[i]!,
      });
    });
    return true;
  }

  /** Reads and deletes the entry: the value is handed out once. */
  async take(key: string): Promise<string | undefined> {
    const entry = this.live(key);
    this.entries.delete(key);
    return entry?.value;
  }

  /** Removes the entry if present. */
  async delete(key: string): Promise<void> {
    this.checkOpen();
    this.entries.delete(key);
  }

  /** Adds one; the TTL starts when the counter is created. */
  async increment(key: string, ttlMs: number): Promise<number> {
    const expiresAt = this.expiry(ttlMs);
    const entry = this.live(key);
    // Like Redis INCR: a value that is not an integer is an error, not NaN.
    if (entry && !/^-?\d+$/.test(entry.value)) {
      throw new RangeError(`The value of ${key} is not an integer`);
    }
    if (!entry) this.checkRoomFor(key);
    const count = entry ? Number(entry.value) + 1 : 1;
    this.entries.set(key, {
      value: String(count),
      expiresAt: entry?.expiresAt ?? expiresAt,
    });
    return count;
  }

  /** Milliseconds left, or undefined when absent or expired. */
  async ttl(key: string): Promise<number | undefined> {
    const entry = this.live(key);
    return entry ? entry.expiresAt - this.clock.now() : undefined;
  }

  /** Fails once the store is closed, as a Redis store would. */
  async ping(): Promise<void> {
    this.checkOpen();
  }

  /** Stops the sweeper and drops every entry; later calls fail. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    this.entries.clear();
  }

  private expiry(ttlMs: number): number {
    this.checkOpen();
    return this.clock.now() + checkTtl(ttlMs);
  }

  private live(key: string): Entry | undefined {
    this.checkOpen();
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  /**
   * A closed store must not keep accepting state that would then be lost
   * silently (its sweeper is gone); Redis refuses commands after QUIT too.
   */
  private checkOpen(): void {
    if (this.closed) {
      throw new AppError('SERVICE_UNAVAILABLE', 'The store is closed');
    }
  }

  /**
   * Refuses a new key once the store holds `maxEntries` live ones; replacing
   * an existing key is always allowed. Expired entries are swept first.
   */
  private checkRoomFor(key: string): void {
    if (this.entries.size < this.maxEntries || this.entries.has(key)) return;
    const now = this.clock.now();
    if (now - this.lastFullSweep >= FULL_SWEEP_EVERY_MS) {
      this.lastFullSweep = now;
      this.sweep();
    }
    if (this.entries.size >= this.maxEntries) {
      throw new AppError(
        'SERVICE_UNAVAILABLE',
        'The store is full; try again in a few minutes',
      );
    }
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
  }
}
