import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository, Where} from '@loopback/repository';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {
  ACCESS_TOKEN_TTL_MAX,
  AuditEvent,
  EmailToken,
  MfaFactor,
  Session,
  TimestampedEntity,
} from '../../models';
import {
  AuditEventRepository,
  CrudRepositoryBase,
  EmailTokenRepository,
  MfaFactorRepository,
  SessionRepository,
} from '../../repositories';
import {Clock} from '../platform/clock';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {Logger} from '../platform/logger';
import {EphemeralStore} from '../store/ephemeral-store';
import {StoreBindings} from '../store/keys';
import {StoreLockService} from '../store/store-lock.service';
import {TokenBindings} from './keys';
import {SKEW_MS} from './revocation-timing';

/**
 * Audit events no retention deletes: `npm run import-lb3` reads its own
 * `user.imported` events to tell the accounts it made, so a re-run years
 * later still recognises them.
 */
const KEPT_AUDIT_TYPES = ['user.imported'];
/** Rows read and deleted per statement: never one DELETE over millions. */
export const RETENTION_BATCH = 1_000;
/** How often a node offers to run the job. */
export const RETENTION_EVERY_MS = 3600_000;
/** Frees the run for another node if its holder dies mid-way. */
const LOCK_TTL_MS = 15 * 60_000;
/** Set after a run: other nodes skip theirs until it lapses. */
const RAN_KEY = 'retention:ran';
/**
 * A revocation mark lives at most this long (RevocationService): a revoked
 * session's row stays at least as long, so a refill always finds it.
 */
export const LONGEST_MARK_MS = ACCESS_TOKEN_TTL_MAX * 1000 + SKEW_MS;

/**
 * A TOTP enrolment not confirmed within this long is abandoned: a person
 * confirms with the first code their app shows, within minutes. A retry
 * replaces the pending one (TotpEnrolmentService), so a user has at most
 * one; the job deletes those nobody came back to.
 */
export const PENDING_FACTOR_MS = 86_400_000;

/** Rows deleted by one run, by table. */
export interface RetentionResult {
  sessions: number;
  emailTokens: number;
  auditEvents: number;
  pendingFactors: number;
}

/**
 * Deletes rows that can no longer matter (issue 14), on one node at a time
 * through the store lock, in batches of RETENTION_BATCH: sessions expired
 * or revoked longer ago than SESSION_RETENTION (a revoked one never before
 * its revocation mark has lapsed), email tokens past their expiry (used or
 * not: a used link stays until then, so reusing it still reads as used),
 * audit events older than AUDIT_RETENTION, and second factors never
 * confirmed, PENDING_FACTOR_MS after they were begun.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.RETENTION_SERVICE},
})
export class RetentionService {
  constructor(
    @repository(SessionRepository) private sessions: SessionRepository,
    @repository(EmailTokenRepository) private emailTokens: EmailTokenRepository,
    @repository(AuditEventRepository) private auditEvents: AuditEventRepository,
    @repository(MfaFactorRepository) private factors: MfaFactorRepository,
    @inject(StoreBindings.STORE_LOCK_SERVICE) private locks: StoreLockService,
    @inject(StoreBindings.STORE) private store: EphemeralStore,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(PlatformBindings.LOGGER) private logger: Logger,
  ) {}

  /**
   * Runs the job unless another node holds it or ran it within the last
   * RETENTION_EVERY_MS; answers undefined when it did not run.
   */
  async runIfDue(): Promise<RetentionResult | undefined> {
    try {
      return await this.locks.withLock(
        'retention',
        async () => {
          if ((await this.store.get(RAN_KEY)) !== undefined) return undefined;
          return this.purgeAndMark();
        },
        {waitMs: 0, ttlMs: LOCK_TTL_MS},
      );
    } catch (err) {
      if (err instanceof AppError && err.code === 'CONFLICT') return undefined;
      throw err;
    }
  }

  /**
   * One run now, whenever the last one was (`npm run retention`), under
   * the store lock so it never overlaps a node's run. Throws `CONFLICT`
   * while another process holds the job.
   */
  async runNow(): Promise<RetentionResult> {
    return this.locks.withLock('retention', () => this.purgeAndMark(), {
      waitMs: 0,
      ttlMs: LOCK_TTL_MS,
    });
  }

  private async purgeAndMark(): Promise<RetentionResult> {
    const result = await this.purge();
    // Slightly shorter than the period, so the next hourly tick of
    // whichever node comes first finds it lapsed.
    const ranFor = RETENTION_EVERY_MS - 60_000;
    await this.store.set(RAN_KEY, String(this.clock.now()), ranFor);
    return result;
  }

  /** Deletes every row past its retention now, whatever other nodes do. */
  async purge(): Promise<RetentionResult> {
    const now = this.clock.now();
    const keep = this.config.retention;
    const sessionCutoff = new Date(now - keep.sessions * 1000);
    const markCutoff = new Date(now - LONGEST_MARK_MS);
    const revokedCutoff =
      sessionCutoff < markCutoff ? sessionCutoff : markCutoff;
    // Read along session_created_ix: a session expired before the cutoff
    // began before it too, and expiresAt has no index (a refresh moves it,
    // and an index on it would make every refresh a non-HOT update).
    const expired: Where<Session> = {
      and: [
        {created: {lt: sessionCutoff}},
        {expiresAt: {lt: sessionCutoff}},
        {or: [{revokedAt: null}, {revokedAt: {lt: markCutoff}}]},
      ],
    } as Where<Session>;
    const revoked: Where<Session> = {revokedAt: {lt: revokedCutoff}};
    const sessions =
      (await this.deleteInBatches(this.sessions, expired, 'created')) +
      (await this.deleteInBatches(this.sessions, revoked));
    const emailTokens = await this.deleteInBatches(this.emailTokens, {
      expiresAt: {lt: new Date(now)},
    } as Where<EmailToken>);
    const auditEvents = await this.deleteInBatches(this.auditEvents, {
      created: {lt: new Date(now - keep.audit * 1000)},
      type: {nin: KEPT_AUDIT_TYPES},
    } as Where<AuditEvent>);
    // Along mfafactor_confirmedat_created_ix; a confirmed factor never.
    const pendingFactors = await this.deleteInBatches(this.factors, {
      confirmedAt: null,
      created: {lt: new Date(now - PENDING_FACTOR_MS)},
    } as unknown as Where<MfaFactor>);
    const result = {sessions, emailTokens, auditEvents, pendingFactors};
    this.logger.info(result, 'retention: rows past their retention deleted');
    return result;
  }

  /**
   * Reads ids in pages of RETENTION_BATCH and deletes each page by id.
   * `along`: the pages follow `created`, each starting where the last one
   * ended, so rows the index condition admits but `where` keeps (old
   * sessions still in use) are read once per run, not once per page.
   */
  private async deleteInBatches<T extends TimestampedEntity>(
    repo: CrudRepositoryBase<T, object>,
    where: Where<T>,
    along?: 'created',
  ): Promise<number> {
    let deleted = 0;
    let from: Date | undefined;
    for (;;) {
      const rows = await repo.find({
        where: from
          ? ({and: [where, {created: {gte: from}}]} as Where<T>)
          : where,
        fields: {id: true, ...(along ? {created: true} : {})} as never,
        ...(along ? {order: ['created ASC']} : {}),
        limit: RETENTION_BATCH,
      });
      if (!rows.length) return deleted;
      const ids = rows.map(r => r.id);
      const {count} = await repo.deleteAll({id: {inq: ids}} as Where<T>);
      deleted += count;
      if (rows.length < RETENTION_BATCH) return deleted;
      if (along) from = rows[rows.length - 1]!.created;
    }
  }
}
