import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../../config';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {SigningKeyRepository} from '../../repositories';
import {Clock} from '../platform/clock';
import {SigningKeyService} from './signing-key.service';

/**
 * Beyond one access-token lifetime before a previous key stops verifying:
 * other nodes may sign with it until they reload their key list (60 s), and
 * their clocks may differ a little.
 */
const RETIRE_MARGIN_MS = 2 * 60_000;

export interface RotationResult {
  /** The key that signs from now on. */
  kid: string;
  /** Previous keys scheduled to stop verifying, with when. */
  retiring: {kid: string; at: Date}[];
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
   * Makes a new key the signing key. With `retirePrevious`, every other
   * unretired key is retired once no token it signed can still be valid
   * (one access-token lifetime from now, plus a margin), so no client is
   * signed out by the rotation.
   */
  async rotate(
    options: {retirePrevious?: boolean} = {},
  ): Promise<RotationResult> {
    // Keys already scheduled for retirement keep their earlier date.
    const previous = (await this.repo.find()).filter(k => !k.retiredAt);
    const kid = await this.keys.rotate();
    const retiring: RotationResult['retiring'] = [];
    if (options.retirePrevious) {
      const at = new Date(
        this.clock.now() + this.config.accessTokenTtl * 1000 + RETIRE_MARGIN_MS,
      );
      for (const key of previous) {
        await this.keys.retire(key.kid, at);
        retiring.push({kid: key.kid, at});
      }
    }
    return {kid, retiring};
  }
}
