import {randomBytes} from 'node:crypto';

/** Random one-time keys for values that expire: codes and tokens. */
export class ExpiringMap<T> {
  private entries = new Map<string, {value: T; expiresAt: number}>();

  constructor(
    private ttlMs: number,
    private now: () => number = Date.now,
  ) {}

  /** Stores `value` under a new random key and returns the key. */
  add(value: T): string {
    this.prune();
    const key = randomBytes(24).toString('base64url');
    this.entries.set(key, {value, expiresAt: this.now() + this.ttlMs});
    return key;
  }

  /** The value, while it has not expired. */
  get(key: string | undefined): T | undefined {
    const entry = key ? this.entries.get(key) : undefined;
    return entry && entry.expiresAt > this.now() ? entry.value : undefined;
  }

  /** The value, once: a second take finds nothing. */
  take(key: string | undefined): T | undefined {
    const value = this.get(key);
    if (key) this.entries.delete(key);
    return value;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
  }
}
