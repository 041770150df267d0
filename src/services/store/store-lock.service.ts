import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {setTimeout as realSleep} from 'node:timers/promises';
import {AppError} from '../../errors';
import {PlatformBindings} from '../platform/keys';
import {StoreBindings} from './keys';
import {EphemeralStore} from './ephemeral-store';
import {Logger} from '../platform/logger';
import {randomToken} from '../platform/token-digest';

export interface LockOptions {
  /** Frees the lock if its holder dies before releasing it. */
  ttlMs?: number;
  /** How long a caller waits for a held lock before giving up. */
  waitMs?: number;
  /** Pause between two attempts while waiting. */
  retryEveryMs?: number;
}

/** Waits `ms` milliseconds; injected so tests need not wait on real timers. */
export type Sleep = (ms: number) => Promise<unknown>;

const DEFAULTS: Required<LockOptions> = {
  ttlMs: 10_000,
  waitMs: 2_000,
  retryEveryMs: 25,
};

/**
 * Short mutual exclusion across every node sharing the store (Redis with
 * several nodes, the in-process store with one), for check-then-act steps
 * the database cannot make atomic on all three connectors.
 *
 * Waiting counts attempts rather than reading the injected clock: a frozen
 * test clock must not make a waiter spin forever.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: StoreBindings.STORE_LOCK_SERVICE},
})
export class StoreLockService {
  constructor(
    @inject(StoreBindings.STORE) private store: EphemeralStore,
    @inject(PlatformBindings.LOGGER) private logger: Logger,
    // A default, not an injection: LoopBack resolves only the parameters
    // before it, and tests pass their own.
    private sleep: Sleep = realSleep,
  ) {}

  /**
   * Runs `task` while holding the lock `name`, then releases it whether the
   * task succeeds or throws. A caller finding the lock held retries for up
   * to `waitMs`, then throws `CONFLICT` (409) and runs nothing.
   */
  async withLock<T>(
    name: string,
    task: () => Promise<T>,
    options: LockOptions = {},
  ): Promise<T> {
    const {ttlMs, waitMs, retryEveryMs} = {...DEFAULTS, ...options};
    const key = `lock:${name}`;
    const owner = randomToken(16);
    const attempts = 1 + Math.ceil(waitMs / retryEveryMs);
    for (let attempt = 1; ; attempt++) {
      if (await this.store.setIfAbsent(key, owner, ttlMs)) break;
      if (attempt >= attempts) {
        throw new AppError(
          'CONFLICT',
          'Another request is changing the same thing; try again.',
        );
      }
      await this.sleep(retryEveryMs);
    }
    try {
      return await task();
    } finally {
      await this.release(key, owner);
    }
  }

  /**
   * Deletes the lock only while it is still ours: past its TTL another
   * caller may hold it. (Read-then-delete leaves a window of one round trip
   * right at the TTL; tasks here take a fraction of it.) A failed release
   * is logged, not thrown: the TTL frees the lock and the task's own
   * outcome is what the caller needs.
   */
  private async release(key: string, owner: string): Promise<void> {
    try {
      if ((await this.store.get(key)) === owner) await this.store.delete(key);
    } catch (err) {
      this.logger.warn({err, lock: key}, 'lock release failed; TTL frees it');
    }
  }
}
