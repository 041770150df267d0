import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {ProviderCredentials, ProviderEntry} from '../../config/provider-entry';
import {PlatformBindings} from '../platform/keys';
import {ProviderBindings} from './keys';
import {TokenBindings} from '../tokens/keys';
import {openCredentials} from '../applications/application-credential-store';
import {SecretBox} from '../platform/secret-box.service';
import {
  CarriedCredentials,
  ClientRuleService,
} from '../tokens/client-rule.service';

/**
 * Which credentials (OAuth keys, or a SAML IdP) a provider flow runs with.
 * A client application may bring its own for a provider (an
 * ApplicationCredential, found by the client rule); otherwise the global
 * entry of providers.json applies. Every
 * flow — browser login, link, native token exchange, a provider token's
 * refresh — takes them from here, so per-application credentials are used
 * everywhere or nowhere.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.PROVIDER_CREDENTIALS_SERVICE},
})
export class ProviderCredentialsService {
  constructor(
    @inject(TokenBindings.CLIENT_RULE) private clients: ClientRuleService,
    @inject(PlatformBindings.SECRET_BOX) private box: SecretBox,
  ) {}

  /**
   * The credentials for `entry` when acting for `applicationId` outside a
   * browser flow (a browser flow carries what its start found: `open`).
   * Throws `INVALID_CLIENT` when the client rule refuses `applicationId`.
   */
  async resolve(
    entry: ProviderEntry,
    applicationId: string,
  ): Promise<ProviderCredentials> {
    const {credentials} = await this.clients.forProvider(
      applicationId,
      entry.name,
    );
    return this.open(entry, credentials);
  }

  /**
   * The credentials of `carried`, the application's own for `entry` as the
   * client rule found them (secret opened, `callbackURL` defaulting to the
   * entry's; a SAML entry's IdP as `saml`; `applicationId` set), or the
   * entry's when there are none. Reads nothing.
   */
  open(
    entry: ProviderEntry,
    carried?: CarriedCredentials,
  ): ProviderCredentials {
    return carried
      ? openCredentials(carried, entry, this.box)
      : entry.credentials;
  }
}
