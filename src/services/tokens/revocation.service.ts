import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {setTimeout as sleep} from 'node:timers/promises';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {StoreBindings} from '../store/keys';
import {TokenBindings} from './keys';
import {ACCESS_TOKEN_TTL_MAX, Session} from '../../models';
import {SessionRepository} from '../../repositories';
import {Clock} from '../platform/clock';
import {EphemeralStore, StoreEntry} from '../store/ephemeral-store';
import {Logger} from '../platform/logger';
import {randomToken} from '../platform/token-digest';
import {revocationMarkKey} from './revocation-keys';
import {
  SKEW_MS,
  FILLED_KEY,
  FILLED_TTL_MS,
  RENEW_BEFORE_MS,
  REFILL_LOCK_KEY,
  REFILL_LOCK_TTL_MS,
  REFILL_WAIT_MS,
  REFILL_RETRY_EVERY_MS,
  REFILL_BATCH,
} from './revocation-timing';

/** What a revocation mark needs of a session. */
export type RevokedSession = Pick<Session, 'id' | 'tokenTtl'>;

/**
 * Revoked sessions, checked on every bearer request. Access tokens are
 * stateless, so a revocation must be visible to every node before the
 * tokens expire: the mark lives in the shared store for the lifetime of the
 * session's longest-lived access token, after which none can be valid.
 *
 * The database is the record (`Session.revokedAt`); the store is a copy
 * that may be lost. The check reads the mark and the "filled" sentinel in
 * one round trip; without the sentinel the store is refilled from the
 * database first, and a request that cannot see it refilled fails closed
 * with 503 rather than accept a token that may have been revoked.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.REVOCATION_SERVICE},
})
export class RevocationService {
  /** This node's refill in progress, shared by its concurrent requests. */
  private refilling?: Promise<void>;

  constructor(
    @inject(StoreBindings.STORE) private store: EphemeralStore,
    @repository(SessionRepository) private sessions: SessionRepository,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(PlatformBindings.LOGGER) private logger: Logger,
  ) {}

  /**
   * Makes every access token of the sessions fail from now on, for as long
   * as the longest-lived one of each (`tokenTtl`, seconds, when a resource
   * made it longer than ACCESS_TOKEN_TTL) may still be presented; one store
   * round trip for them all.
   */
  async revokeSessions(sessions: RevokedSession[]): Promise<void> {
    const now = this.clock.now();
    const marks = sessions.flatMap(s => this.mark(s, now) ?? []);
    if (marks.length) await this.store.setMany(marks);
  }

  /**
   * Whether the session's access tokens have been revoked. Throws a 503
   * `SERVICE_UNAVAILABLE` AppError when the store lost its marks and cannot
   * be refilled from the database now.
   */
  async isSessionRevoked(sessionId: string): Promise<boolean> {
    const [mark, filled] = await this.store.getMany([
      revocationMarkKey(sessionId),
      FILLED_KEY,
    ]);
    if (mark !== undefined) return true;
    if (filled !== undefined) return false;
    await this.ensureFilled();
    return (await this.store.get(revocationMarkKey(sessionId))) !== undefined;
  }

  /**
   * Refills the store from the database unless it is known to be filled:
   * on start (the in-process store starts empty) and whenever the store
   * turns out to have lost its data. Only one node refills at a time; the
   * others wait for it. Throws a 503 `SERVICE_UNAVAILABLE` AppError when
   * the refill cannot complete within a few seconds.
   */
  async ensureFilled(): Promise<void> {
    this.refilling ??= this.fillOrWait().finally(() => {
      this.refilling = undefined;
    });
    return this.refilling;
  }

  /**
   * Keeps the sentinel from ever lapsing while a node runs, without waiting
   * for a bearer request to notice: refills a store that lost it, and
   * refills ahead of its expiry a store whose fill is nearly a day old
   * (another node's renewal in progress is left to finish). Readers that
   * cannot refill, such as an API checking the marks with the package's
   * identity-token strategy in store mode, then meet a missing sentinel only
   * after a real loss, until the next renewal. Each node calls it every few
   * seconds; throws like `ensureFilled`.
   */
  async renewFilled(): Promise<void> {
    const filledAt = await this.store.get(FILLED_KEY);
    if (filledAt === undefined) return this.ensureFilled();
    const age = this.clock.now() - Date.parse(filledAt);
    if (age < FILLED_TTL_MS - RENEW_BEFORE_MS) return;
    const owner = randomToken(16);
    const lock = {key: REFILL_LOCK_KEY, value: owner};
    if (!(await this.store.setIfAbsent(lock.key, owner, REFILL_LOCK_TTL_MS))) {
      return;
    }
    try {
      await this.refill(lock);
    } finally {
      await this.releaseLock(owner);
    }
  }

  /**
   * Attempts are counted rather than timed by the injected clock, so a
   * frozen test clock cannot make a waiter spin forever.
   */
  private async fillOrWait(): Promise<void> {
    const attempts = 1 + Math.ceil(REFILL_WAIT_MS / REFILL_RETRY_EVERY_MS);
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if ((await this.store.get(FILLED_KEY)) !== undefined) return;
      const owner = randomToken(16);
      const lock = {key: REFILL_LOCK_KEY, value: owner};
      if (await this.store.setIfAbsent(lock.key, owner, REFILL_LOCK_TTL_MS)) {
        try {
          // False when the store was emptied again mid-way: start over.
          if (await this.refill(lock)) return;
        } finally {
          await this.releaseLock(owner);
        }
      }
      await sleep(REFILL_RETRY_EVERY_MS);
    }
    this.logger.warn('revocations still being restored by another node');
    throw unavailable();
  }

  /**
   * Writes a mark for each session revoked recently enough that its access
   * tokens may still be alive, then the sentinel. Each batch is written
   * only while this node still holds the lock: if the store is emptied
   * after the database was read, the lock vanishes with it and nothing
   * (above all not the sentinel) lands on top of the loss.
   */
  private async refill(lock: {key: string; value: string}): Promise<boolean> {
    const marks = await this.readRevocations();
    const now = this.clock.now();
    const sentinel: StoreEntry = {
      key: FILLED_KEY,
      value: new Date(now).toISOString(),
      ttlMs: FILLED_TTL_MS,
    };
    const entries = [...marks, sentinel];
    for (let i = 0; i < entries.length; i += REFILL_BATCH) {
      const batch = entries.slice(i, i + REFILL_BATCH);
      if (!(await this.store.setAllWhile(lock, batch))) return false;
    }
    this.logger.info(
      {store: this.store.kind, revocations: marks.length},
      'session revocations restored into the store from the database',
    );
    return true;
  }

  private async readRevocations(): Promise<StoreEntry[]> {
    const now = this.clock.now();
    const since = (ttlS: number) => new Date(now - this.markTtlMs(ttlS));
    const defaultTtl = this.config.accessTokenTtl;
    try {
      // Within the default window every revoked session counts; beyond it,
      // only those whose tokens live longer (a resource's lifetime).
      const revoked = await this.sessions.find({
        where: {
          or: [
            {revokedAt: {gt: since(defaultTtl)}},
            {
              and: [
                {revokedAt: {gt: since(ACCESS_TOKEN_TTL_MAX)}},
                {tokenTtl: {gt: defaultTtl}},
              ],
            },
          ],
        },
        fields: {id: true, revokedAt: true, tokenTtl: true},
      });
      return revoked.flatMap(s => {
        const mark = this.mark(s, new Date(s.revokedAt!).getTime());
        return mark ? [mark] : [];
      });
    } catch (err) {
      if (err instanceof AppError) throw err;
      this.logger.warn({err}, 'cannot read session revocations');
      throw unavailable();
    }
  }

  /** The mark for a session revoked at `revokedAt`, or none once moot. */
  private mark(
    session: RevokedSession,
    revokedAt: number,
  ): StoreEntry | undefined {
    const ttlS = Math.max(this.config.accessTokenTtl, session.tokenTtl ?? 0);
    const remaining = revokedAt + this.markTtlMs(ttlS) - this.clock.now();
    if (remaining <= 0) return undefined;
    return {
      key: revocationMarkKey(session.id),
      value: '1',
      ttlMs: Math.ceil(remaining),
    };
  }

  /** As long as a token of `ttlS` seconds issued just before may live. */
  private markTtlMs(ttlS: number): number {
    return ttlS * 1000 + SKEW_MS;
  }

  /** Best effort: the lock's TTL frees it anyway. */
  private async releaseLock(owner: string): Promise<void> {
    try {
      if ((await this.store.get(REFILL_LOCK_KEY)) === owner) {
        await this.store.delete(REFILL_LOCK_KEY);
      }
    } catch (err) {
      this.logger.warn({err}, 'refill lock release failed; its TTL frees it');
    }
  }
}

/** Says nothing of the cause; the log does. */
function unavailable(): AppError {
  return new AppError(
    'SERVICE_UNAVAILABLE',
    'Access tokens cannot be checked right now; try again shortly.',
  );
}
