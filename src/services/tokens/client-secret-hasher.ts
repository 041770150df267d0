import {createHmac, hkdfSync} from 'node:crypto';
import {constantTimeEqual, randomToken} from '../platform/token-digest';

const FORMAT = 'hmac-sha256.v1';
const HKDF_SALT = 'identity-service/client-secret/v1';

/**
 * Client secrets: 256 random bits, shown once, stored as a keyed hash.
 *
 * Why not argon2id like passwords: argon2's cost exists to slow down
 * guessing of low-entropy secrets; nobody guesses 2^256 values, so the cost
 * would buy nothing while every `/auth/token`, `/auth/revoke` and
 * `/auth/introspect` call paid ~19 MiB and tens of milliseconds — a lever
 * for denial of service. HMAC-SHA256 under a key derived from APP_SECRET
 * (rather than a bare SHA-256) also means a database dump alone does not
 * even let an attacker test a candidate secret.
 */
export class ClientSecretHasher {
  private readonly key: Buffer;

  constructor(appSecret: string) {
    this.key = Buffer.from(
      hkdfSync('sha256', appSecret, HKDF_SALT, 'client-secret', 32),
    );
  }

  /** A new secret (43 base64url characters) and the hash to store. */
  generate(): {secret: string; hash: string} {
    const secret = randomToken(32);
    return {secret, hash: this.hash(secret)};
  }

  /** The stored form of `secret`: `hmac-sha256.v1.<hex>`. */
  hash(secret: string): string {
    const mac = createHmac('sha256', this.key).update(secret, 'utf8');
    return `${FORMAT}.${mac.digest('hex')}`;
  }

  /** Whether `secret` is the one `hash` was made from; constant time. */
  verify(secret: string, hash: string | undefined): boolean {
    // Still compare when there is no hash, so timing tells nothing.
    return constantTimeEqual(this.hash(secret), hash ?? '') && !!hash;
  }
}
