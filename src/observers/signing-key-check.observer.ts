import {inject, LifeCycleObserver, lifeCycleObserver} from '@loopback/core';
import {AppError} from '../errors';
import {IdentityBindings} from '../keys';
import {Logger} from '../services/platform/logger';
import {SigningKeyService} from '../services/tokens/signing-key.service';

/**
 * Refuses to start a node whose APP_SECRET cannot open the signing keys the
 * database holds: it would answer `/ready` and then fail every sign-in. A
 * database that cannot be read yet (an outage at start) is not a reason to
 * refuse; the keys are read again when the first token is signed.
 */
@lifeCycleObserver()
export class SigningKeyCheckObserver implements LifeCycleObserver {
  constructor(
    @inject(IdentityBindings.SIGNING_KEY_SERVICE)
    private keys: SigningKeyService,
    @inject(IdentityBindings.LOGGER) private logger: Logger,
  ) {}

  async start(): Promise<void> {
    try {
      await this.keys.assertKeysOpen();
    } catch (err) {
      if (err instanceof AppError && err.code === 'DECRYPTION_FAILED') {
        throw new Error(
          'APP_SECRET cannot open the signing keys stored in the database: ' +
            'they were sealed under another APP_SECRET. Start with the secret ' +
            'the data was written with.',
        );
      }
      this.logger.warn(
        {err: {message: (err as Error).message}},
        'signing keys not checked at start (database unreachable?)',
      );
    }
  }
}
