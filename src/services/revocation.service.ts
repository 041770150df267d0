import {BindingScope, inject, injectable} from '@loopback/core';
import {AppConfig} from '../config';
import {IdentityBindings} from '../keys';
import {Clock} from './clock';
import {EphemeralStore} from './ephemeral-store';

/** Beyond the access token's lifetime, to absorb clock skew between nodes. */
const SKEW_MS = 60_000;

/**
 * Revoked sessions, checked on every bearer request. Access tokens are
 * stateless, so a revocation must be visible to every node before the
 * tokens expire: the mark lives in the shared store for one access-token
 * lifetime, after which no token of that session can still be valid.
 */
@injectable({scope: BindingScope.SINGLETON})
export class RevocationService {
  constructor(
    @inject(IdentityBindings.STORE) private store: EphemeralStore,
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(IdentityBindings.CLOCK) private clock: Clock,
  ) {}

  /**
   * Makes every access token of the session fail from now on. `revokedAt`
   * (ms) re-marks an earlier revocation, e.g. when a node with the in-process
   * store restarts.
   */
  async revokeSession(sessionId: string, revokedAt?: number): Promise<void> {
    const ttl = this.config.accessTokenTtl * 1000 + SKEW_MS;
    const now = this.clock.now();
    const remaining = (revokedAt ?? now) + ttl - now;
    if (remaining > 0) {
      await this.store.set(key(sessionId), '1', Math.ceil(remaining));
    }
  }

  /** Whether the session's access tokens have been revoked. */
  async isSessionRevoked(sessionId: string): Promise<boolean> {
    return (await this.store.get(key(sessionId))) !== undefined;
  }
}

function key(sessionId: string): string {
  return `revoked:session:${sessionId}`;
}
