import {Clock} from './clock';
import {EphemeralStore} from './ephemeral-store';

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * The in-process store: one node only. Expiry follows the injected clock;
 * expired entries are dropped when read and by a periodic sweep.
 */
export class MemoryStore implements EphemeralStore {
  readonly kind = 'memory';
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly clock: Clock,
    sweepEveryMs = 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs);
    this.sweeper.unref();
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, {value, expiresAt: this.expiry(ttlMs)});
  }

  async setIfAbsent(
    key: string,
    value: string,
    ttlMs: number,
  ): Promise<boolean> {
    if (this.live(key)) return false;
    this.entries.set(key, {value, expiresAt: this.expiry(ttlMs)});
    return true;
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key)?.value;
  }

  async take(key: string): Promise<string | undefined> {
    const entry = this.live(key);
    this.entries.delete(key);
    return entry?.value;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    const entry = this.live(key);
    const count = entry ? Number(entry.value) + 1 : 1;
    this.entries.set(key, {
      value: String(count),
      expiresAt: entry?.expiresAt ?? this.expiry(ttlMs),
    });
    return count;
  }

  async ttl(key: string): Promise<number | undefined> {
    const entry = this.live(key);
    return entry ? entry.expiresAt - this.clock.now() : undefined;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
  }

  private expiry(ttlMs: number): number {
    if (!(ttlMs > 0))
      throw new RangeError(`TTL must be positive, got ${ttlMs}`);
    return this.clock.now() + ttlMs;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
  }
}
