import {
  createCipheriv,
  createDecipheriv,
  hkdfSync,
  KeyObject,
  createSecretKey,
  randomBytes,
} from 'node:crypto';
import {AppError} from '../../errors';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/**
 * Fixed HKDF salt: it separates these keys from anything else ever derived
 * from APP_SECRET; the purpose label (HKDF info) separates them from each
 * other, so a provider token can never be opened as a signing key.
 */
const HKDF_SALT = 'identity-service/secret-box/v1';
const PURPOSE_PATTERN = /^[a-z0-9][a-z0-9._:-]{0,63}$/;

/**
 * Authenticated encryption of secrets at rest (provider tokens, provider
 * client secrets, private signing keys): AES-256-GCM with a key derived
 * from APP_SECRET by HKDF-SHA256 per purpose. Sealed values read
 * `v1.<iv>.<ciphertext>.<tag>`, each part base64url; the version prefix is
 * there so a later key or algorithm can be introduced beside this one.
 */
export class SecretBox {
  private readonly keys = new Map<string, KeyObject>();

  constructor(private readonly appSecret: string) {
    if (!appSecret) {
      throw new AppError('INTERNAL_ERROR', 'SecretBox needs an APP_SECRET');
    }
  }

  /** Encrypts `plaintext` for `purpose` (e.g. `provider-token`). */
  seal(plaintext: string, purpose: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key(purpose), iv);
    cipher.setAAD(Buffer.from(VERSION));
    const ciphertext = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
    ]);
    return [VERSION, iv, ciphertext, cipher.getAuthTag()]
      .map(part => (typeof part === 'string' ? part : b64(part)))
      .join('.');
  }

  /**
   * Decrypts a value made by `seal` with the same purpose. Throws AppError
   * `DECRYPTION_FAILED` when it was altered, is malformed, or was sealed
   * under another APP_SECRET or purpose.
   */
  open(sealed: string, purpose: string): string {
    const key = this.key(purpose);
    const parts = parseSealed(sealed, purpose);
    const decipher = createDecipheriv('aes-256-gcm', key, parts.iv);
    decipher.setAAD(Buffer.from(VERSION));
    decipher.setAuthTag(parts.tag);
    try {
      return Buffer.concat([
        decipher.update(parts.ciphertext),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw failed(
        purpose,
        'it was altered, or sealed with another APP_SECRET or purpose',
      );
    }
  }

  /** `seal` of `JSON.stringify(value)`. */
  sealJson(value: unknown, purpose: string): string {
    return this.seal(JSON.stringify(value), purpose);
  }

  /**
   * `open` then `JSON.parse`. The type parameter is the caller's claim: the
   * authentication tag proves the data is what this service sealed, not
   * that its shape still matches today's type.
   */
  openJson<T = unknown>(sealed: string, purpose: string): T {
    return JSON.parse(this.open(sealed, purpose)) as T;
  }

  private key(purpose: string): KeyObject {
    let key = this.keys.get(purpose);
    if (!key) {
      if (!PURPOSE_PATTERN.test(purpose)) {
        throw new AppError(
          'INTERNAL_ERROR',
          `SecretBox purpose must match ${PURPOSE_PATTERN}: "${purpose}"`,
        );
      }
      const bytes = hkdfSync(
        'sha256',
        this.appSecret,
        HKDF_SALT,
        `secret-box:${purpose}`,
        32,
      );
      key = createSecretKey(Buffer.from(bytes));
      this.keys.set(purpose, key);
    }
    return key;
  }
}

interface SealedParts {
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function parseSealed(sealed: string, purpose: string): SealedParts {
  const parts = typeof sealed === 'string' ? sealed.split('.') : [];
  const [version, iv, ciphertext, tag] = parts;
  if (
    parts.length !== 4 ||
    version !== VERSION ||
    iv === undefined ||
    ciphertext === undefined ||
    tag === undefined
  ) {
    throw failed(purpose, `it is not a ${VERSION} sealed value`);
  }
  const decoded = {
    iv: Buffer.from(iv, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
  };
  // A short tag would make forgery easier; GCM would otherwise accept it.
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) {
    throw failed(purpose, `it is not a ${VERSION} sealed value`);
  }
  return decoded;
}

/**
 * Names what could not be read (the purpose, e.g. `provider-token`), never
 * the value: the message reaches the log line and the client.
 */
function failed(purpose: string, why: string): AppError {
  return new AppError(
    'DECRYPTION_FAILED',
    `A secret the service stored (${purpose}) cannot be opened: ${why}.`,
    {details: {purpose}},
  );
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}
