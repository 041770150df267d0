import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {randomUUID} from 'node:crypto';
import {exportJWK, generateKeyPair, importJWK, JWK} from 'jose';
import {PlatformBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {SigningKey} from '../../models';
import {SigningKeyRepository} from '../../repositories';
import {Clock} from '../platform/clock';
import {SecretBox} from '../platform/secret-box.service';

export const SIGNING_ALG = 'EdDSA';
const SEAL_PURPOSE = 'signing-key';
/** How long a node trusts its cached key list before asking the database. */
const RELOAD_EVERY_MS = 60_000;

type JoseKey = Awaited<ReturnType<typeof importJWK>>;

interface LoadedKey {
  kid: string;
  created: number;
  retiredAt?: number;
  publicJwk: JWK;
  publicKey: JoseKey;
  row: SigningKey;
}

/**
 * The Ed25519 keys that sign access tokens. The newest unretired key signs;
 * every unretired key verifies and is published in the JWKS, so a rotation
 * never invalidates tokens already issued. Keys live in the database (private
 * half sealed with APP_SECRET), so every node signs and verifies alike.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.SIGNING_KEY_SERVICE},
})
export class SigningKeyService {
  private keys = new Map<string, LoadedKey>();
  private loadedAt = -Infinity;
  private loading?: Promise<void>;
  private signer?: {kid: string; privateKey: JoseKey};

  constructor(
    @repository(SigningKeyRepository) private repo: SigningKeyRepository,
    @inject(PlatformBindings.SECRET_BOX) private box: SecretBox,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {}

  /** The key new tokens are signed with; creates the first key on first use. */
  async signingKey(): Promise<{kid: string; privateKey: JoseKey}> {
    await this.refresh();
    let newest = this.newestUsable();
    if (!newest) {
      await this.create();
      await this.refresh(true);
      newest = this.newestUsable();
    }
    if (!newest) throw new Error('no usable signing key after creating one');
    if (this.signer?.kid !== newest.kid) {
      const jwk = this.box.openJson<JWK>(newest.row.privateJwk, SEAL_PURPOSE);
      this.signer = {
        kid: newest.kid,
        privateKey: await importJWK(jwk, SIGNING_ALG),
      };
    }
    return this.signer;
  }

  /**
   * Throws `DECRYPTION_FAILED` when the newest usable key cannot be opened
   * with this APP_SECRET (the data was written under another one); a node
   * in that state could sign nothing. Resolves when no key exists yet.
   */
  async assertKeysOpen(): Promise<void> {
    await this.refresh(true);
    const newest = this.newestUsable();
    if (newest) this.box.openJson<JWK>(newest.row.privateJwk, SEAL_PURPOSE);
  }

  /**
   * The public key for a token's `kid`, or undefined when it is unknown or
   * retired. An unknown kid triggers one reload: another node may have
   * rotated.
   */
  async verificationKey(kid: string): Promise<JoseKey | undefined> {
    await this.refresh();
    if (!this.keys.has(kid)) await this.refresh(true);
    const key = this.keys.get(kid);
    return key && this.usable(key) ? key.publicKey : undefined;
  }

  /** The public keys clients may verify with (RFC 7517 JWK Set). */
  async jwks(): Promise<{keys: JWK[]}> {
    await this.signingKey();
    return {
      keys: [...this.keys.values()]
        .filter(k => this.usable(k))
        .sort((a, b) => b.created - a.created)
        .map(k => k.publicJwk),
    };
  }

  /**
   * Makes a new key the signing key. Older keys keep verifying (and stay in
   * the JWKS) until retired. Returns the new kid.
   */
  async rotate(): Promise<string> {
    const kid = await this.create();
    await this.refresh(true);
    return kid;
  }

  /**
   * Stops a key from verifying, at once or at `at` (e.g. one access-token
   * lifetime after a rotation, when no token it signed can still be valid).
   */
  async retire(kid: string, at = new Date(this.clock.now())): Promise<void> {
    await this.repo.updateAll({retiredAt: at}, {kid});
    await this.refresh(true);
  }

  private async create(): Promise<string> {
    const {publicKey, privateKey} = await generateKeyPair(SIGNING_ALG, {
      crv: 'Ed25519',
      extractable: true,
    });
    const kid = randomUUID();
    const publicJwk = {
      ...(await exportJWK(publicKey)),
      kid,
      alg: SIGNING_ALG,
      use: 'sig',
    };
    await this.repo.create({
      kid,
      alg: SIGNING_ALG,
      publicJwk,
      privateJwk: this.box.sealJson(
        {...(await exportJWK(privateKey)), kid, alg: SIGNING_ALG},
        SEAL_PURPOSE,
      ),
    });
    return kid;
  }

  private newestUsable(): LoadedKey | undefined {
    let newest: LoadedKey | undefined;
    for (const key of this.keys.values()) {
      if (this.usable(key) && (!newest || key.created > newest.created)) {
        newest = key;
      }
    }
    return newest;
  }

  private usable(key: LoadedKey): boolean {
    return key.retiredAt === undefined || key.retiredAt > this.clock.now();
  }

  private async refresh(force = false): Promise<void> {
    if (!force && this.clock.now() - this.loadedAt < RELOAD_EVERY_MS) return;
    // One database read serves every request that arrives while it runs.
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    await this.loading;
  }

  private async load(): Promise<void> {
    const rows = await this.repo.find();
    const keys = new Map<string, LoadedKey>();
    for (const row of rows) {
      const known = this.keys.get(row.kid);
      const publicJwk = row.publicJwk as JWK;
      const publicKey =
        known?.publicKey ??
        // A row that is not a valid key verifies nothing; it must not stop
        // every other key from signing and verifying.
        (await importJWK(publicJwk, SIGNING_ALG).catch(() => undefined));
      if (!publicKey) continue;
      keys.set(row.kid, {
        kid: row.kid,
        created: new Date(row.created).getTime(),
        retiredAt: row.retiredAt
          ? new Date(row.retiredAt).getTime()
          : undefined,
        publicJwk,
        publicKey,
        row,
      });
    }
    this.keys = keys;
    this.loadedAt = this.clock.now();
  }
}
