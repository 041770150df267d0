import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {AppError} from '../../errors';
import {EphemeralStore} from '../store/ephemeral-store';
import {StoreBindings} from '../store/keys';
import {MfaBindings} from './keys';

/** How long a passkey ceremony may take: five minutes. */
export const PASSKEY_CHALLENGE_TTL_MS = 5 * 60_000;

/** A challenge the service handed out, and what it was handed out for. */
export interface PasskeyChallenge {
  /** base64url, as the options carried it. */
  challenge: string;
  /** The only user whose credential may answer it; any for a discoverable sign-in. */
  userId?: string;
  /** Whether the authenticator must have verified the person (PIN, biometrics). */
  userVerification: 'required' | 'preferred';
}

/**
 * Passkey challenges in the store, each under the ceremony it belongs to
 * (`register:{userId}`, or a proof attempt's id: a pending sign-in, a
 * step-up, a discoverable sign-in): live five minutes, taken once, so an
 * assertion answers one challenge and a challenge one assertion, on any
 * node.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: MfaBindings.PASSKEY_CHALLENGES},
})
export class PasskeyChallengeService {
  constructor(@inject(StoreBindings.STORE) private store: EphemeralStore) {}

  /** Keeps `challenge` for `ceremony`, replacing an earlier one. */
  async issue(ceremony: string, challenge: PasskeyChallenge): Promise<void> {
    await this.store.set(
      storeKey(ceremony),
      JSON.stringify(challenge),
      PASSKEY_CHALLENGE_TTL_MS,
    );
  }

  /** Whether `ceremony` has a live challenge (without spending it). */
  async exists(ceremony: string): Promise<boolean> {
    return (await this.store.get(storeKey(ceremony))) !== undefined;
  }

  /**
   * Spends the challenge of `ceremony`. `INVALID_PASSKEY_CHALLENGE` when
   * there is none: never asked, expired, or already answered.
   */
  async take(ceremony: string): Promise<PasskeyChallenge> {
    const stored = await this.store.take(storeKey(ceremony));
    if (!stored) throw invalidChallenge();
    return JSON.parse(stored) as PasskeyChallenge;
  }
}

function storeKey(ceremony: string): string {
  return `passkey:${ceremony}`;
}

export function invalidChallenge(): AppError {
  return new AppError(
    'INVALID_PASSKEY_CHALLENGE',
    'This passkey request has expired or was already used: ask for new options and try again.',
  );
}

/** The ceremony of registering a passkey for `userId`. */
export function registrationCeremony(userId: string): string {
  return `register:${userId}`;
}

/** The ceremony of a step-up of session `sessionId`. */
export function stepUpCeremony(sessionId: string): string {
  return `step-up:${sessionId}`;
}
