import {REVOCATIONS_FILLED_KEY} from './revocation-keys';

// How revocation marks and their refill are timed (RevocationService).

/** Beyond the access token's lifetime, to absorb clock skew between nodes. */
export const SKEW_MS = 60_000;
/**
 * The sentinel (`revocation-keys.ts`): a store that lost its data (restart
 * without persistence, FLUSHALL, failover to an empty replica) lacks it,
 * and is refilled before it answers.
 */
export const FILLED_KEY = REVOCATIONS_FILLED_KEY;
/** Refilling then costs one query a day; a lost store is caught at once. */
export const FILLED_TTL_MS = 24 * 3600_000;
/** `renewFilled` refills this long before the sentinel would lapse. */
export const RENEW_BEFORE_MS = 3600_000;
export const REFILL_LOCK_KEY = 'lock:revoked:refill';
/** Frees the refill for another node if its holder dies mid-way. */
export const REFILL_LOCK_TTL_MS = 15_000;
/** How long a request waits for another node's refill before a 503. */
export const REFILL_WAIT_MS = 3_000;
export const REFILL_RETRY_EVERY_MS = 25;
/** Marks per atomic write, so one script never blocks Redis for long. */
export const REFILL_BATCH = 1_000;
