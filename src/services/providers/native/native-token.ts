import {AppError} from '../../../errors';
import {MappedProfile} from '../profile-mappers';
import {ProviderTokens} from '../provider-login';

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
