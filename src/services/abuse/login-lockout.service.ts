import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {AbuseBindings} from './keys';
import {StoreBindings} from '../store/keys';
import {EphemeralStore} from '../store/ephemeral-store';
import {RateLimitSettings} from './rate-limit-settings';

/**
 * Progressive lock-out of accounts under password guessing. State lives in
 * the ephemeral store (shared by every node on Redis; on the injected clock
 * in memory), keyed by user id so email and username share one count.
 *
 * Each method takes an optional `device`: the id of a valid device token
 * of that user (DeviceTokenService). Attempts without one are untrusted and
 * share the account's count, so strangers' guesses lock out untrusted
 * attempts only; attempts with one count, and lock, that device alone.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: AbuseBindings.LOGIN_LOCKOUT_SERVICE},
})
export class LoginLockoutService {
  constructor(
    @inject(StoreBindings.STORE) private store: EphemeralStore,
    @inject(AbuseBindings.RATE_LIMIT_SETTINGS)
    private settings: RateLimitSettings,
  ) {}

  /** Seconds left in the account's lock; 0 when it may sign in. */
  async lockedFor(userId: string, device?: string): Promise<number> {
    const ms = await this.store.ttl(lockKey(userId, device));
    return ms === undefined ? 0 : Math.ceil(ms / 1000);
  }

  /**
   * Counts one wrong password. Every `threshold`-th consecutive failure
   * locks the account for the next, longer step; returns that lock's
   * length in seconds, or undefined when this failure locks nothing.
   */
  async recordFailure(
    userId: string,
    device?: string,
  ): Promise<number | undefined> {
    const {threshold, stepsSec, memorySec} = this.settings.lockout;
    // One atomic increment per failure, so concurrent guesses on several
    // nodes cannot slip past the threshold between a read and a write.
    const count = await this.store.increment(
      failuresKey(userId, device),
      memorySec * 1000,
    );
    if (count % threshold !== 0) return undefined;
    const step = Math.min(count / threshold - 1, stepsSec.length - 1);
    const seconds = stepsSec[step] ?? stepsSec[stepsSec.length - 1] ?? 60;
    await this.store.set(
      lockKey(userId, device),
      String(count),
      seconds * 1000,
    );
    return seconds;
  }

  /**
   * Forgets the failures after a correct password: the device's own, or the
   * untrusted ones. A trusted success leaves the untrusted count alone, so
   * the owner signing in does not hand a guesser a fresh run.
   */
  async reset(userId: string, device?: string): Promise<void> {
    await this.store.delete(failuresKey(userId, device));
  }
}

function scope(userId: string, device: string | undefined): string {
  return device ? `${userId}:device:${device}` : userId;
}

function failuresKey(userId: string, device?: string): string {
  return `login-failures:${scope(userId, device)}`;
}

function lockKey(userId: string, device?: string): string {
  return `login-lock:${scope(userId, device)}`;
}
