import {ProviderCredentials, ProviderEntry} from '../../config/provider-entry';
import {SecretBox} from '../platform/secret-box.service';

/** SecretBox purpose of applications' provider client secrets. */
export const APPLICATION_CREDENTIAL_PURPOSE = 'application-credential';

/**
 * `ApplicationCredential.credentials` as stored: the secret sealed, the
 * rest in clear. oAuth 1 keys are stored under the same names, as the
 * strategy factory takes them (`clientID` = consumer key).
 */
export interface StoredProviderCredentials {
  clientID: string;
  /** SecretBox-sealed. */
  clientSecret: string;
  callbackURL?: string;
}

/**
 * What a flow runs with: an ApplicationCredential's `credentials` opened,
 * the entry's callback by default.
 */
export function openCredentials(
  credentials: object,
  entry: ProviderEntry,
  box: SecretBox,
): ProviderCredentials {
  const stored = credentials as StoredProviderCredentials;
  return {
    clientID: stored.clientID,
    clientSecret: box.open(stored.clientSecret, APPLICATION_CREDENTIAL_PURPOSE),
    callbackURL: stored.callbackURL ?? entry.credentials.callbackURL,
  };
}
