import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {ProviderCredentials, ProviderEntry} from '../../config/provider-entry';
import {AppError} from '../../errors';
import {PlatformBindings} from '../platform/keys';
import {ProviderBindings} from './keys';
import {
  ApplicationCredentialRepository,
  ApplicationRepository,
} from '../../repositories';
import {openCredentials} from '../applications/application-credential-store';
import {WEB_CLIENT_ID} from '../platform/web-client';
import {SecretBox} from '../platform/secret-box.service';

/**
 * Which OAuth credentials a provider flow runs with. A client application
 * may bring its own for a provider (an ApplicationCredential); otherwise the
 * global entry of providers.json applies. Every flow — browser login, link,
 * native token exchange — asks here, so per-application credentials are
 * used everywhere or nowhere, and a disabled application's flows stop here.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.PROVIDER_CREDENTIALS_SERVICE},
})
export class ProviderCredentialsService {
  constructor(
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
    @repository(ApplicationCredentialRepository)
    private credentials: ApplicationCredentialRepository,
    @inject(PlatformBindings.SECRET_BOX) private box: SecretBox,
  ) {}

  /**
   * The credentials for `entry` when the flow acts for `applicationId`: the
   * application's own for that entry (secret decrypted; `callbackURL`
   * defaulting to the entry's), else the entry's. Throws `INVALID_CLIENT`
   * when `applicationId` names no enabled application.
   */
  async resolve(
    entry: ProviderEntry,
    applicationId: string,
  ): Promise<ProviderCredentials> {
    const app = await this.applications.findOne({where: {id: applicationId}});
    // `web` may not be stored yet while the first start is still creating it.
    const usable = app ? !app.disabled : applicationId === WEB_CLIENT_ID;
    if (!usable) {
      throw new AppError(
        'INVALID_CLIENT',
        'The client is unknown or disabled.',
      );
    }
    const row = await this.credentials.findOne({
      where: {applicationId, provider: entry.name},
    });
    return row ? openCredentials(row, entry, this.box) : entry.credentials;
  }
}
