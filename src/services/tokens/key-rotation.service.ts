import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig, TokenSigningAlg} from '../../config';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {SigningKeyRepository} from '../../repositories';
import {Clock} from '../platform/clock';
import {isTokenSigningAlg} from './signing-key-material';
import {SigningKeyService} from './signing-key.service';

/**
 * Beyond one access-token lifetime before a previous key stops verifying:
 * other nodes may sign with it until they reload their key list (60 s), and
 * their clocks may differ a little.
 */
const RETIRE_MARGIN_MS = 2 * 60_000;

export interface RotationOptions {
  /**
   * Retire every previous key, of every algorithm, once no token it signed
   * can still be valid.
   */
  retirePrevious?: boolean;
  /**
   * The algorithms that get a new key; default: every algorithm in use.
   * Leaving one out while retiring stops keeping keys for it.
   */
  algs?: readonly TokenSigningAlg[];
}

export interface RotationResult {
  /** The key of TOKEN_SIGNING_ALG that signs from now on. */
  kid: string;
  /** Every new key, one per rotated algorithm. */
  created: {alg: TokenSigningAlg; kid: string}[];
  /** Previous keys scheduled to stop verifying, with when. */
  retiring: {kid: string; alg: string; at: Date}[];
}

/** Signing-key rotation, as `npm run rotate-keys` performs it. */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.KEY_ROTATION_SERVICE},
})
export class KeyRotationService {
  constructor(
    @inject(TokenBindings.SIGNING_KEY_SERVICE)
    private keys: SigningKeyService,
    @repository(SigningKeyRepository) private repo: SigningKeyRepository,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {}

  /**
   * Makes a new key the signing key of each algorithm in use (or of
   * `algs`): whichever algorithm a node signs with, it moves to a new key.
   * With `retirePrevious`, every other unretired key is retired once no
   * token it signed can still be valid (one access-token lifetime from now,
   * plus a margin), so no client is signed out by the rotation.
   */
  async rotate(options: RotationOptions = {}): Promise<RotationResult> {
    // Keys already scheduled for retirement keep their earlier date.
    const previous = (await this.repo.find()).filter(k => !k.retiredAt);
    const algs = options.algs ?? this.algorithmsInUse(previous);
    const created: RotationResult['created'] = [];
    for (const alg of new Set(algs)) {
      created.push({alg, kid: await this.keys.rotate(alg)});
    }
    const retiring: RotationResult['retiring'] = [];
    if (options.retirePrevious) {
      const at = new Date(
        this.clock.now() + this.config.accessTokenTtl * 1000 + RETIRE_MARGIN_MS,
      );
      for (const key of previous) {
        await this.keys.retire(key.kid, at);
        retiring.push({kid: key.kid, alg: key.alg, at});
      }
    }
    // The signing key of TOKEN_SIGNING_ALG: made here unless `algs` left
    // it out, in which case the current one (or one made on first use).
    const {kid} = await this.keys.signingKey();
    return {kid, created, retiring};
  }

  /**
   * TOKEN_SIGNING_ALG and every algorithm with a key not scheduled for
   * retirement: a node configured otherwise, or one not yet restarted
   * after a change of TOKEN_SIGNING_ALG, may still sign with it.
   */
  private algorithmsInUse(
    unretired: readonly {alg: string}[],
  ): TokenSigningAlg[] {
    const algs = new Set<TokenSigningAlg>([this.config.tokenSigningAlg]);
    for (const {alg} of unretired) if (isTokenSigningAlg(alg)) algs.add(alg);
    return [...algs];
  }
}
