import {AppError} from '../../errors';
import {MfaFactor, MfaFactorType} from '../../models';
import {MfaFactorRepository} from '../../repositories';
import {firstControlCharacter} from '../platform/control-characters';

/**
 * Factors one account may hold, pending enrolments included: enough for
 * a phone, a spare and a few keys, and a bound on what a sign-in reads.
 */
export const MAX_FACTORS_PER_USER = 10;

/** A factor as its owner sees it: never its secret or public key. */
export interface FactorView {
  id: string;
  type: MfaFactorType;
  name: string;
  created: Date;
  confirmedAt?: Date;
  lastUsedAt?: Date;
  transports?: string[];
  backupEligible?: boolean;
}

/** The view of `factor`, listing only what it has. */
export function factorView(factor: MfaFactor): FactorView {
  const view: FactorView = {
    id: factor.id,
    type: factor.type,
    name: factor.name,
    created: factor.created,
  };
  if (factor.confirmedAt) view.confirmedAt = factor.confirmedAt;
  if (factor.lastUsedAt) view.lastUsedAt = factor.lastUsedAt;
  if (factor.type === 'webauthn') {
    if (factor.transports) view.transports = factor.transports;
    if (typeof factor.backupEligible === 'boolean') {
      view.backupEligible = factor.backupEligible;
    }
  }
  return view;
}

/**
 * The user's factor `id`. Another user's, or none: `FACTOR_NOT_FOUND`
 * alike, so ids cannot be probed.
 */
export async function findOwnFactor(
  factors: MfaFactorRepository,
  userId: string,
  id: string,
): Promise<MfaFactor> {
  const factor = await factors.findOne({where: {id}});
  if (!factor || factor.userId !== userId) {
    throw new AppError('FACTOR_NOT_FOUND', 'No such factor of yours.');
  }
  return factor;
}

/**
 * Throws `FACTOR_LIMIT_REACHED` when `factors` (what the user keeps once
 * the new one is added, less anything it replaces) leave no room.
 */
export function assertRoomForFactor(factors: readonly MfaFactor[]): void {
  if (factors.length >= MAX_FACTORS_PER_USER) {
    throw new AppError(
      'FACTOR_LIMIT_REACHED',
      `An account holds at most ${MAX_FACTORS_PER_USER} factors: remove one first.`,
    );
  }
}

/**
 * A factor's name as the owner typed it, trimmed; undefined when blank.
 * A control character is `INVALID_CHARACTERS`, as the body parser answers
 * it on every route, for callers that come another way (a host application).
 */
export function factorName(name: string | undefined): string | undefined {
  const found = name === undefined ? undefined : firstControlCharacter(name);
  if (found) {
    throw new AppError(
      'INVALID_CHARACTERS',
      `The name contains a control character (${found}).`,
    );
  }
  const trimmed = name?.trim();
  return trimmed ? trimmed : undefined;
}
