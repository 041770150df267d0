import {AppError} from '../../../errors';
import {sha256Digest} from '../../platform/token-digest';
import {EphemeralStore} from '../../store/ephemeral-store';

const PREFIX = 'saml:assertion:';

/**
 * The assertions that signed someone in, in the shared store until they
 * expire: an assertion signs in once, on any node. InResponseTo alone does
 * not do it: when only the assertion is signed and it does not repeat
 * InResponseTo (many IdPs leave it out), a captured assertion wrapped in a
 * new Response would answer another flow.
 */
export class SamlAssertionLedger {
  constructor(
    private store: EphemeralStore,
    private now: () => number,
  ) {}

  /**
   * Records assertion `id` of `idp` as used until `until` (ms, when no
   * check would accept it any more); PROVIDER_ERROR when it already was.
   */
  async useOnce(idp: string, id: string, until: number): Promise<void> {
    const ttlMs = Math.max(1000, Math.ceil(until - this.now()));
    const key = PREFIX + sha256Digest(`${idp}\n${id}`);
    if (!(await this.store.setIfAbsent(key, '1', ttlMs))) {
      throw new AppError(
        'PROVIDER_ERROR',
        'This SAML assertion has already been used.',
      );
    }
  }
}
