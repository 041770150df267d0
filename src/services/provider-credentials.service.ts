import {BindingScope, injectable} from '@loopback/core';
import {ProviderCredentials, ProviderEntry} from '../config/provider-entry';

/**
 * Which OAuth credentials a provider flow runs with. A client application
 * may bring its own for a provider (an ApplicationCredential); otherwise the
 * global entry of providers.json applies. Every flow — browser login, link,
 * native token exchange — asks here, so per-application credentials are
 * used everywhere or nowhere.
 */
@injectable({scope: BindingScope.SINGLETON})
export class ProviderCredentialsService {
  /**
   * The credentials for `entry` when the flow acts for `applicationId`.
   * (Until applications can store their own, always the global entry's.)
   */
  async resolve(
    entry: ProviderEntry,
    // Used once applications can bring their own credentials.
    _applicationId: string,
  ): Promise<ProviderCredentials> {
    return entry.credentials;
  }
}
