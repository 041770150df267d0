import type {
  ProviderCredentials,
  ProviderEntry,
} from '../../../config/provider-entry';
import {AppError} from '../../../errors';
import type {Clock} from '../../platform/clock';
import {MappedProfile} from '../profile-mappers';
import {ProviderTokens} from '../provider-login';
import type {JwksCache} from './id-token.verifier';
import type {OidcDiscovery} from './oidc-discovery';

/** What a native app got from the provider's SDK. */
export interface NativeTokenInput {
  /** Facebook: the user access token. */
  readonly accessToken?: string;
  /** Google and OpenID Connect: the ID token. */
  readonly idToken?: string;
  /** The nonce the app gave the SDK, when it gave one. */
  readonly nonce?: string;
}

/** A provider token that checked out: who it names, and what to keep. */
export interface NativeVerification {
  readonly profile: MappedProfile;
  readonly tokens: ProviderTokens;
}

/** What a vendor's native verifier gets for one `POST /auth/{name}/token`. */
export interface NativeTokenCheck {
  readonly entry: ProviderEntry;
  readonly input: NativeTokenInput;
  /**
   * The credentials of the application the native app is (the audience a
   * token must name). A function, so a request without its token is refused
   * before any lookup.
   */
  credentials(): Promise<ProviderCredentials>;
  readonly clock: Clock;
  /** Shared for the service's lifetime: keys and metadata are cached. */
  readonly jwks: JwksCache;
  readonly discovery: OidcDiscovery;
}

/** How one vendor checks a token from its SDK; see NativeTokenCheck. */
export type NativeTokenVerifier = (
  check: NativeTokenCheck,
) => Promise<NativeVerification>;

/** The entry's provider has no native token exchange (400). */
export function noNativeExchange(entry: ProviderEntry): AppError {
  return new AppError(
    'TOKEN_EXCHANGE_NOT_ENABLED',
    `${entry.name} has no native token exchange: its provider's tokens cannot be verified here.`,
  );
}

/**
 * The one refusal for a token that does not check out. The reason is for
 * the caller's developer; the token itself is never echoed, since error
 * bodies end up in logs.
 */
export function invalidProviderToken(reason: string): AppError {
  return new AppError(
    'INVALID_PROVIDER_TOKEN',
    `The provider token was refused: ${reason}.`,
  );
}

/** The provider could not be asked, or answered nonsense. */
export function providerUnavailable(what: string): AppError {
  return new AppError('PROVIDER_ERROR', `The provider could not ${what}.`);
}

/** A required, non-empty string field of the request. */
export function requireField(value: string | undefined, field: string): string {
  const trimmed = value?.trim();
  if (!trimmed) {
    throw new AppError('INVALID_REQUEST', `${field} is required.`);
  }
  return trimmed;
}
