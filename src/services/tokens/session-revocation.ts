import {Where} from '@loopback/repository';
import {Session} from '../../models';
import {SessionRepository} from '../../repositories';
import {RevocationService} from './revocation.service';
import type {RevocationReason} from './session-types';

/** Sessions revoked per UPDATE and per store round trip. */
export const REVOKE_BATCH = 500;

/** `revokedAt IS NULL` (LoopBack's types admit no null in a where). */
const UNREVOKED = {revokedAt: null} as unknown as Where<Session>;

/** Which sessions to revoke, why, and when. */
export interface RevokeMatching {
  where: Where<Session>;
  reason: RevocationReason;
  exceptSessionId?: string;
  at: Date;
}

/**
 * Revokes the unrevoked sessions `where` selects (but `exceptSessionId`);
 * returns how many. Reads only their ids (`revokedAt IS NULL` is in the
 * indexes), then per batch one `UPDATE … WHERE id IN (…)` and one store
 * round trip for the marks: a user with a thousand sessions costs four
 * writes, not two thousand. A session revoked meanwhile keeps its first
 * time and reason.
 */
export async function revokeMatching(
  deps: {sessions: SessionRepository; revocations: RevocationService},
  {where, reason, exceptSessionId, at}: RevokeMatching,
): Promise<number> {
  const rows = await deps.sessions.find({
    where: {...where, ...UNREVOKED},
    fields: {id: true, tokenTtl: true},
  });
  const targets = rows.filter(s => s.id !== exceptSessionId);
  for (let i = 0; i < targets.length; i += REVOKE_BATCH) {
    const batch = targets.slice(i, i + REVOKE_BATCH);
    await deps.sessions.updateAll(
      {revokedAt: at, revocationReason: reason},
      {id: {inq: batch.map(s => s.id)}, ...UNREVOKED},
    );
    await deps.revocations.revokeSessions(batch);
  }
  return targets.length;
}
