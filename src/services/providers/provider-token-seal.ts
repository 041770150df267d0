import {ProviderTokens} from './provider-login';
import {SecretBox} from '../platform/secret-box.service';

/** HKDF purpose of provider tokens: they can be opened as nothing else. */
export const PROVIDER_TOKEN_PURPOSE = 'provider-token';

/**
 * What a UserCredential's `credentials` holds: the tokens sealed together,
 * plus the facts about them an account page may show. None is a secret.
 */
export interface StoredProviderTokens {
  sealed: string;
  scope?: string;
  /** Milliseconds since the epoch. */
  expiresAt?: number;
  hasRefreshToken: boolean;
}

/** Seals `tokens` for storage (DESIGN §3: provider tokens are encrypted). */
export function sealTokens(
  box: SecretBox,
  tokens: ProviderTokens,
): StoredProviderTokens {
  return {
    sealed: box.sealJson(tokens, PROVIDER_TOKEN_PURPOSE),
    ...(tokens.scope ? {scope: tokens.scope} : {}),
    ...(tokens.expiresAt ? {expiresAt: tokens.expiresAt} : {}),
    hasRefreshToken: Boolean(tokens.refreshToken),
  };
}

/** Opens what `sealTokens` stored; undefined when nothing was stored. */
export function openTokens(
  box: SecretBox,
  stored: object | undefined,
): ProviderTokens | undefined {
  const sealed = (stored as Partial<StoredProviderTokens> | undefined)?.sealed;
  if (typeof sealed !== 'string') return undefined;
  return box.openJson<ProviderTokens>(sealed, PROVIDER_TOKEN_PURPOSE);
}
