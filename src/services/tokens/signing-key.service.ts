import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {randomUUID} from 'node:crypto';
import {importJWK, JWK, JWTPayload, SignJWT} from 'jose';
import {AppConfig, TokenSigningAlg} from '../../config';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {SigningKey} from '../../models';
import {SigningKeyRepository} from '../../repositories';
import {Clock} from '../platform/clock';
import {SecretBox} from '../platform/secret-box.service';
import {
  generateSigningKeyPair,
  importPublicKey,
  isTokenSigningAlg,
  JoseKey,
  openPrivateJwk,
  SIGNING_KEY_PURPOSE,
} from './signing-key-material';

/** How long a node trusts its cached key list before asking the database. */
const RELOAD_EVERY_MS = 60_000;

/** The private key new tokens of one algorithm are signed with. */
export interface Signer {
  kid: string;
  alg: TokenSigningAlg;
  privateKey: JoseKey;
}

/** A public key and the one algorithm a token it verifies must name. */
export interface VerificationKey {
  alg: TokenSigningAlg;
  key: JoseKey;
}

interface LoadedKey extends VerificationKey {
  kid: string;
  created: number;
  retiredAt?: number;
  publicJwk: JWK;
  row: SigningKey;
}

/**
 * The keys that sign tokens, one current key per algorithm. The newest key
 * of TOKEN_SIGNING_ALG that is not scheduled for retirement signs; every
 * key not yet retired verifies, whatever its algorithm, and is published in
 * the JWKS, so neither a rotation nor a change of TOKEN_SIGNING_ALG
 * invalidates tokens already issued. Keys live in the database (private
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
  private signers = new Map<TokenSigningAlg, Signer>();
  private creating = new Map<TokenSigningAlg, Promise<void>>();

  constructor(
    @repository(SigningKeyRepository) private repo: SigningKeyRepository,
    @inject(PlatformBindings.SECRET_BOX) private box: SecretBox,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
  ) {}

  /**
   * The key new tokens of `alg` (default TOKEN_SIGNING_ALG) are signed
   * with; creates one on first use, or when every key of `alg` is
   * scheduled for retirement (a token must never outlive its key).
   */
  async signingKey(
    alg: TokenSigningAlg = this.config.tokenSigningAlg,
  ): Promise<Signer> {
    await this.refresh();
    let current = this.currentKey(alg);
    if (!current) {
      await this.createOnce(alg);
      current = this.currentKey(alg);
    }
    if (!current) throw new Error(`no ${alg} signing key after creating one`);
    const cached = this.signers.get(alg);
    if (cached?.kid === current.kid) return cached;
    const jwk = openPrivateJwk(this.box, current.kid, current.row.privateJwk);
    const signer = {
      kid: current.kid,
      alg,
      privateKey: await importJWK(jwk, alg),
    };
    this.signers.set(alg, signer);
    return signer;
  }

  /**
   * Signs `claims` as a JWS with the current key of TOKEN_SIGNING_ALG;
   * the header carries `alg`, `kid` and `typ`. The caller sets every claim
   * (`iss`, `exp`…): an access token, an ID token or a logout token each
   * have their own, and their own `typ` keeps one from passing for another.
   */
  async signJwt(claims: JWTPayload, options: {typ: string}): Promise<string> {
    const {kid, alg, privateKey} = await this.signingKey();
    return new SignJWT(claims)
      .setProtectedHeader({alg, kid, typ: options.typ})
      .sign(privateKey);
  }

  /**
   * Throws `DECRYPTION_FAILED` when the newest usable key cannot be opened
   * with this APP_SECRET (the data was written under another one); a node
   * in that state could sign nothing. Resolves when no key exists yet.
   */
  async assertKeysOpen(): Promise<void> {
    await this.refresh('force');
    const newest = this.newest(key => this.usable(key));
    if (newest) openPrivateJwk(this.box, newest.kid, newest.row.privateJwk);
  }

  /**
   * The public key for a token's `kid` and the algorithm it was made for,
   * or undefined when the kid is unknown or retired. An unknown kid
   * triggers one reload: another node may have rotated.
   */
  async verificationKey(kid: string): Promise<VerificationKey | undefined> {
    await this.refresh();
    if (!this.keys.has(kid)) await this.refresh('force');
    const key = this.keys.get(kid);
    return key && this.usable(key) ? {alg: key.alg, key: key.key} : undefined;
  }

  /** The public keys clients may verify with (RFC 7517 JWK Set), newest first. */
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
   * Makes a new key the signing key of `alg`. Older keys keep verifying
   * (and stay in the JWKS) until retired. Returns the new kid.
   */
  async rotate(
    alg: TokenSigningAlg = this.config.tokenSigningAlg,
  ): Promise<string> {
    const kid = await this.create(alg);
    await this.refresh('fresh');
    return kid;
  }

  /**
   * Stops a key from verifying, at once or at `at` (e.g. one access-token
   * lifetime after a rotation, when no token it signed can still be valid).
   * From now on it signs nothing.
   */
  async retire(kid: string, at = new Date(this.clock.now())): Promise<void> {
    await this.repo.updateAll({retiredAt: at}, {kid});
    await this.refresh('fresh');
  }

  /** One creation per algorithm at a time: RSA keys take a while to make. */
  private async createOnce(alg: TokenSigningAlg): Promise<void> {
    let pending = this.creating.get(alg);
    if (!pending) {
      pending = this.create(alg)
        .then(() => this.refresh('fresh'))
        .finally(() => this.creating.delete(alg));
      this.creating.set(alg, pending);
    }
    await pending;
  }

  private async create(alg: TokenSigningAlg): Promise<string> {
    const pair = await generateSigningKeyPair(alg, randomUUID());
    await this.repo.create({
      kid: pair.kid,
      alg,
      publicJwk: pair.publicJwk,
      privateJwk: this.box.sealJson(pair.privateJwk, SIGNING_KEY_PURPOSE),
    });
    return pair.kid;
  }

  private currentKey(alg: TokenSigningAlg): LoadedKey | undefined {
    return this.newest(k => k.alg === alg && k.retiredAt === undefined);
  }

  private newest(accept: (key: LoadedKey) => boolean): LoadedKey | undefined {
    let newest: LoadedKey | undefined;
    for (const key of this.keys.values()) {
      if (accept(key) && (!newest || key.created > newest.created)) {
        newest = key;
      }
    }
    return newest;
  }

  private usable(key: LoadedKey): boolean {
    return key.retiredAt === undefined || key.retiredAt > this.clock.now();
  }

  /**
   * `cached`: reload only when the list is old. `force`: reload now, or
   * join a reload in flight. `fresh`: a reload that starts after this call,
   * so it sees what this node just wrote.
   */
  private async refresh(mode: 'cached' | 'force' | 'fresh' = 'cached') {
    const age = this.clock.now() - this.loadedAt;
    if (mode === 'cached' && age < RELOAD_EVERY_MS) return;
    if (mode === 'fresh') await this.loading?.catch(() => undefined);
    // One database read serves every request that arrives while it runs.
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    await this.loading;
  }

  private async load(): Promise<void> {
    const rows = await this.repo.find();
    const keys = new Map<string, LoadedKey>();
    for (const row of rows) {
      if (!isTokenSigningAlg(row.alg)) continue;
      const publicJwk = row.publicJwk as JWK;
      const key =
        this.keys.get(row.kid)?.key ??
        (await importPublicKey(publicJwk, row.alg));
      if (!key) continue;
      keys.set(row.kid, {
        kid: row.kid,
        alg: row.alg,
        key,
        created: new Date(row.created).getTime(),
        retiredAt: row.retiredAt
          ? new Date(row.retiredAt).getTime()
          : undefined,
        publicJwk,
        row,
      });
    }
    this.keys = keys;
    this.loadedAt = this.clock.now();
  }
}
