import {AppError} from '../../../errors';
import {sha256Digest} from '../../platform/token-digest';
import {EphemeralStore} from '../../store/ephemeral-store';

const PREFIX = 'saml:assertion:';
/**
 * The longest an assertion may stay valid from now. Its id is kept that
 * long; an IdP (an application may bring its own) that signs assertions
 * valid for years would otherwise make every sign-in a key kept for years.
 * IdPs issue minutes (SimpleSAMLphp 5, Okta 5-10) to about an hour (AD FS,
 * Entra ID); a day leaves room for any of them.
 */
export const MAX_ASSERTION_LIFETIME_MS = 24 * 60 * 60_000;

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
   * check would accept it any more); PROVIDER_ERROR when it already was,
   * or when it would stay valid longer than MAX_ASSERTION_LIFETIME_MS.
   */
  async useOnce(idp: string, id: string, until: number): Promise<void> {
    const ttlMs = Math.max(1000, Math.ceil(until - this.now()));
    if (ttlMs > MAX_ASSERTION_LIFETIME_MS) {
      throw new AppError(
        'PROVIDER_ERROR',
        'This SAML assertion stays valid for more than 24 hours: the identity provider must issue shorter-lived assertions.',
      );
    }
    const key = PREFIX + sha256Digest(`${idp}\n${id}`);
    if (!(await this.store.setIfAbsent(key, '1', ttlMs))) {
      throw new AppError(
        'PROVIDER_ERROR',
        'This SAML assertion has already been used.',
      );
    }
  }
}
