import {BindingScope, inject, injectable} from '@loopback/core';
import {IdentityBindings} from '../keys';
import {EphemeralStore} from './ephemeral-store';
import {RateLimitSettings} from './rate-limit-settings';

/**
 * Progressive lock-out of accounts under password guessing. State lives in
 * the ephemeral store (shared by every node on Redis; on the injected clock
 * in memory), keyed by user id so email and username share one count.
 */
@injectable({scope: BindingScope.SINGLETON})
export class LoginLockoutService {
  constructor(
    @inject(IdentityBindings.STORE) private store: EphemeralStore,
    @inject(IdentityBindings.RATE_LIMIT_SETTINGS)
    private settings: RateLimitSettings,
  ) {}

  /** Seconds left in the account's lock; 0 when it may sign in. */
  async lockedFor(userId: string): Promise<number> {
    const ms = await this.store.ttl(lockKey(userId));
    return ms === undefined ? 0 : Math.ceil(ms / 1000);
  }

  /**
   * Counts one wrong password. Every `threshold`-th consecutive failure
   * locks the account for the next, longer step; returns that lock's
   * length in seconds, or undefined when this failure locks nothing.
   */
  async recordFailure(userId: string): Promise<number | undefined> {
    const {threshold, stepsSec, memorySec} = this.settings.lockout;
    // One atomic increment per failure, so concurrent guesses on several
    // nodes cannot slip past the threshold between a read and a write.
    const count = await this.store.increment(
      failuresKey(userId),
      memorySec * 1000,
    );
    if (count % threshold !== 0) return undefined;
    const step = Math.min(count / threshold - 1, stepsSec.length - 1);
    const seconds = stepsSec[step] ?? stepsSec[stepsSec.length - 1] ?? 60;
    await this.store.set(lockKey(userId), String(count), seconds * 1000);
    return seconds;
  }

  /** Forgets the failures after a correct password. */
  async reset(userId: string): Promise<void> {
    await this.store.delete(failuresKey(userId));
  }
}

function failuresKey(userId: string): string {
  return `login-failures:${userId}`;
}

function lockKey(userId: string): string {
  return `login-lock:${userId}`;
}
