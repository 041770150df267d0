import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {ProviderEntry} from '../../../config/provider-entry';
import {AppError} from '../../../errors';
import {PlatformBindings} from '../../platform/keys';
import {ProviderBindings} from '../keys';
import {Clock} from '../../platform/clock';
import {JwksCache} from './id-token.verifier';
import {
  NativeTokenInput,
  NativeVerification,
  noNativeExchange,
} from './native-token';
import {OidcDiscovery} from './oidc-discovery';
import {ProviderCredentialsService} from '../provider-credentials.service';

export {NativeTokenInput, NativeVerification} from './native-token';

/**
 * Checks what a native app got from a provider's SDK (a Facebook user
 * access token, a Google or OpenID Connect ID token…) with the provider,
 * the way the entry's vendor says, against the credentials of the
 * application the app is. A token issued to another app must never sign
 * anyone in here, so the audience is always the resolved client id, never
 * just "some client of ours".
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.NATIVE_TOKEN_VERIFIER},
})
export class NativeTokenVerifierService {
  private jwks = new JwksCache();
  private discovery = new OidcDiscovery();

  constructor(
    @inject(ProviderBindings.PROVIDER_CREDENTIALS_SERVICE)
    private credentials: ProviderCredentialsService,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {}

  /**
   * Verifies `input` for `entry` on behalf of the client application
   * `applicationId`, and returns the mapped profile and the tokens to keep.
   * Throws `TOKEN_EXCHANGE_NOT_ENABLED` (400) for an entry without
   * `tokenExchange` or whose vendor has no verifier, `INVALID_REQUEST` for
   * a missing token, `INVALID_PROVIDER_TOKEN` (401) for a token that does
   * not check out and `PROVIDER_ERROR` (502) when the provider cannot be
   * asked.
   */
  async verify(
    entry: ProviderEntry,
    applicationId: string,
    input: NativeTokenInput,
  ): Promise<NativeVerification> {
    if (!entry.tokenExchange) {
      throw new AppError(
        'TOKEN_EXCHANGE_NOT_ENABLED',
        `${entry.name} does not accept native tokens ("tokenExchange" is off).`,
      );
    }
    const verifyToken = entry.vendor.verifyNativeToken;
    if (!verifyToken) throw noNativeExchange(entry);
    return verifyToken({
      entry,
      input,
      credentials: () => this.credentials.resolve(entry, applicationId),
      clock: this.clock,
      jwks: this.jwks,
      discovery: this.discovery,
    });
  }
}
