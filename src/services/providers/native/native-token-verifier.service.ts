import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {
  ProviderCredentials,
  ProviderEntry,
} from '../../../config/provider-entry';
import {AppError} from '../../../errors';
import {PlatformBindings} from '../../platform/keys';
import {ProviderBindings} from '../keys';
import {mapProfile, profileFamily} from '../profile-mappers';
import {Clock} from '../../platform/clock';
import {verifyFacebookToken} from './facebook-token.verifier';
import {IdTokenRules, JwksCache, verifyIdToken} from './id-token.verifier';
import {
  NativeTokenInput,
  NativeVerification,
  requireField,
} from './native-token';
import {OidcDiscovery} from './oidc-discovery';
import {ProviderCredentialsService} from '../provider-credentials.service';

export {NativeTokenInput, NativeVerification} from './native-token';

const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];
const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';

/**
 * Checks what a native app got from a provider's SDK — a Facebook user
 * access token, or a Google / OpenID Connect ID token — with the provider,
 * against the credentials of the application the app is. A token issued to
 * another app must never sign anyone in here, so the audience is always the
 * resolved client id, never just "some client of ours".
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
   * `tokenExchange` or of a kind that has none, `INVALID_REQUEST` for a
   * missing token, `INVALID_PROVIDER_TOKEN` (401) for a token that does not
   * check out and `PROVIDER_ERROR` (502) when the provider cannot be asked.
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
    const family = profileFamily(entry);
    if (family === 'facebook') {
      const accessToken = requireField(input.accessToken, 'access_token');
      const credentials = await this.resolve(entry, applicationId);
      return verifyFacebookToken(
        entry,
        credentials,
        accessToken,
        this.clock.now(),
      );
    }
    if (family === 'google' || (family === 'oidc' && entry.issuer)) {
      const idToken = requireField(input.idToken, 'id_token');
      const credentials = await this.resolve(entry, applicationId);
      const rules =
        family === 'google'
          ? this.googleRules(entry, credentials, input)
          : await this.oidcRules(entry, credentials, input);
      const claims = await verifyIdToken(idToken, rules, this.jwks);
      return {
        profile: mapProfile('oidc', claims as Record<string, unknown>),
        tokens: {idToken, expiresAt: (claims.exp ?? 0) * 1000},
      };
    }
    throw new AppError(
      'TOKEN_EXCHANGE_NOT_ENABLED',
      `${entry.name} has no native token exchange: only Facebook, Google and OpenID Connect entries do.`,
    );
  }

  private resolve(
    entry: ProviderEntry,
    applicationId: string,
  ): Promise<ProviderCredentials> {
    return this.credentials.resolve(entry, applicationId);
  }

  private googleRules(
    entry: ProviderEntry,
    credentials: ProviderCredentials,
    input: NativeTokenInput,
  ): IdTokenRules {
    const issuers = entry.options.idTokenIssuer;
    return {
      ...this.common(entry, credentials, input),
      jwksUrl: optionUrl(entry, 'jwksURL') ?? new URL(GOOGLE_JWKS_URL),
      issuers:
        typeof issuers === 'string'
          ? [issuers]
          : Array.isArray(issuers)
            ? issuers.filter((i): i is string => typeof i === 'string')
            : GOOGLE_ISSUERS,
      checkAzp: false,
    };
  }

  private async oidcRules(
    entry: ProviderEntry,
    credentials: ProviderCredentials,
    input: NativeTokenInput,
  ): Promise<IdTokenRules> {
    const now = this.clock.now();
    const keys = await this.discovery.keysOf(entry.issuer!, now);
    return {
      ...this.common(entry, credentials, input),
      jwksUrl: optionUrl(entry, 'jwksURL') ?? keys.jwksUrl,
      issuers: [keys.issuer],
      checkAzp: true,
    };
  }

  private common(
    entry: ProviderEntry,
    credentials: ProviderCredentials,
    input: NativeTokenInput,
  ) {
    const nonce = input.nonce?.trim();
    return {
      audience: credentials.clientID,
      nonce: nonce ? nonce : undefined,
      requireNonce: entry.options.requireNonce === true,
      now: this.clock.now(),
    };
  }
}

/** An entry's URL option; a malformed one is the operator's to fix. */
function optionUrl(entry: ProviderEntry, key: string): URL | undefined {
  const value = entry.options[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !URL.canParse(value)) {
    throw new AppError(
      'PROVIDER_ERROR',
      `providers.json: ${entry.name}.${key} is not a URL.`,
    );
  }
  return new URL(value);
}
