import type {Redis} from 'ioredis';
import {lazyModule} from '../../services/platform/lazy-module';
import {JWTPayload} from 'jose';
import {DEFAULT_REDIS_KEY_PREFIX} from '../../services/store/ephemeral-store';
import {
  REVOCATIONS_FILLED_KEY,
  revocationMarkKey,
} from '../../services/tokens/revocation-keys';
import {cannotCheck} from './errors';
import {RevocationCheck} from './introspection-check';

// Loaded when a store is configured: without REDIS_URL no node needs it.
const ioredis = lazyModule(
  () => require('ioredis') as typeof import('ioredis'),
);

export interface StoreSettings {
  redisUrl: string;
  keyPrefix?: string;
}

/**
 * Reads the revocation marks the service writes in the Redis it shares with
 * this API, with the service's own key format (`revocation-keys.ts`): a
 * revocation is seen on the very next request, with one round trip and
 * without the service's database.
 *
 * Fails closed like the service itself: while the "filled" sentinel is
 * missing, the store has lost its data and a missing mark proves nothing,
 * so the answer is 503 until a node of the service has refilled it (each
 * node checks every few seconds). Redis unreachable is a 503 too.
 */
export class StoreCheck implements RevocationCheck {
  private readonly redis: Redis;

  constructor(settings: StoreSettings) {
    this.redis = new (ioredis().Redis)(settings.redisUrl, {
      keyPrefix: settings.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX,
      // Bounded waits: a request gets a 503, never hangs, while Redis is away.
      connectTimeout: 2000,
      commandTimeout: 1000,
      maxRetriesPerRequest: 1,
      lazyConnect: true,
      retryStrategy: attempt => Math.min(100 * 2 ** (attempt - 1), 2000),
    });
    // Failures surface as 503s on the requests; the client reconnects alone.
    this.redis.on('error', () => {});
  }

  async isRevoked(_token: string, claims: JWTPayload): Promise<boolean> {
    const sid = claims.sid;
    // A token without a session (none the service issues today) has nothing
    // a revocation could mark.
    if (typeof sid !== 'string' || !sid) return false;
    let mark: string | null | undefined;
    let filled: string | null | undefined;
    try {
      [mark, filled] = await this.redis.mget(
        revocationMarkKey(sid),
        REVOCATIONS_FILLED_KEY,
      );
    } catch (err) {
      throw cannotCheck(`the shared store: ${(err as Error).message}`);
    }
    if (typeof mark === 'string') return true;
    if (typeof filled !== 'string') {
      throw cannotCheck(
        'the shared store lost its revocations; a node of the service restores them',
      );
    }
    return false;
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
