import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {ProviderEntry} from '../../config/provider-entry';
import {AppError} from '../../errors';
import {ApplicationBindings} from './keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {ApplicationCredential} from '../../models';
import {ApplicationCredentialRepository} from '../../repositories';
import {ApplicationAccessService} from './application-access.service';
import {
  APPLICATION_CREDENTIAL_PURPOSE,
  StoredProviderCredentials,
} from './application-credential-store';
import {checkCallbackUrl} from './application-input';
import {hasControlCharacter} from '../platform/control-characters';
import {AuditService} from '../platform/audit.service';
import {SecretBox} from '../platform/secret-box.service';
import {Actor} from '../accounts/user-admin.service';

/** `PUT /applications/{id}/credentials/{provider}`: OAuth 2 or oAuth 1 keys. */
export interface CredentialInput {
  clientID?: string;
  clientSecret?: string;
  consumerKey?: string;
  consumerSecret?: string;
  callbackURL?: string;
}

/** What an owner sees of stored credentials: never the secret. */
export interface CredentialView {
  provider: string;
  authScheme: string;
  clientID: string;
  /** oAuth 1 entries: the consumer key (same value as `clientID`). */
  consumerKey?: string;
  callbackURL?: string;
  hasClientSecret: true;
  created: Date;
  modified: Date;
}

/**
 * An application's own credentials for a providers.json entry. The secret
 * is sealed with SecretBox before it reaches the repository and is never
 * returned; ProviderCredentialsService opens it for the flows.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ApplicationBindings.APPLICATION_CREDENTIAL_SERVICE},
})
export class ApplicationCredentialService {
  constructor(
    @repository(ApplicationCredentialRepository)
    private credentials: ApplicationCredentialRepository,
    @inject(ApplicationBindings.APPLICATION_ACCESS_SERVICE)
    private access: ApplicationAccessService,
    @inject(SharedBindings.PROVIDERS)
    private providers: readonly ProviderEntry[],
    @inject(PlatformBindings.SECRET_BOX) private box: SecretBox,
    @inject(PlatformBindings.AUDIT_SERVICE) private audit: AuditService,
  ) {}

  /**
   * Creates or replaces the credentials. Throws `APPLICATION_NOT_FOUND`,
   * `PROVIDER_NOT_FOUND` (no such enabled entry), or `VALIDATION_FAILED`
   * when the keys do not fit the entry's auth scheme.
   */
  async put(
    actor: Actor,
    applicationId: string,
    provider: string,
    input: CredentialInput,
  ): Promise<CredentialView> {
    await this.access.find(actor.userId, applicationId);
    const entry = this.entry(provider);
    const stored = this.seal(entry, input);
    const existing = await this.find(applicationId, provider);
    if (existing) {
      await this.credentials.updateById(existing.id, {
        authScheme: entry.authScheme,
        credentials: stored,
      });
    } else {
      await this.credentials.create({
        applicationId,
        provider,
        authScheme: entry.authScheme,
        credentials: stored,
      });
    }
    await this.record(actor, applicationId, provider, 'put');
    return this.get(actor, applicationId, provider);
  }

  /** The stored credentials without secrets; none stored → `NOT_FOUND`. */
  async get(
    actor: Actor,
    applicationId: string,
    provider: string,
  ): Promise<CredentialView> {
    await this.access.find(actor.userId, applicationId);
    this.entry(provider);
    const row = await this.find(applicationId, provider);
    if (!row) throw noCredentials(provider);
    return credentialView(row);
  }

  /** Removes them: the application's flows fall back to the global entry. */
  async delete(
    actor: Actor,
    applicationId: string,
    provider: string,
  ): Promise<void> {
    await this.access.find(actor.userId, applicationId);
    this.entry(provider);
    const {count} = await this.credentials.deleteAll({applicationId, provider});
    if (!count) throw noCredentials(provider);
    await this.record(actor, applicationId, provider, 'deleted');
  }

  private entry(name: string): ProviderEntry {
    const entry = this.providers.find(e => e.name === name);
    if (!entry) {
      throw new AppError(
        'PROVIDER_NOT_FOUND',
        `No enabled provider named "${name}" in providers.json.`,
      );
    }
    return entry;
  }

  private seal(
    entry: ProviderEntry,
    input: CredentialInput,
  ): StoredProviderCredentials {
    const oauth1 = entry.authScheme === 'oauth1';
    const [id, secret, wrong] = oauth1
      ? [
          input.consumerKey,
          input.consumerSecret,
          input.clientID ?? input.clientSecret,
        ]
      : [
          input.clientID,
          input.clientSecret,
          input.consumerKey ?? input.consumerSecret,
        ];
    const names = oauth1
      ? 'consumerKey and consumerSecret'
      : 'clientID and clientSecret';
    if (!id || !secret || wrong !== undefined) {
      throw new AppError(
        'VALIDATION_FAILED',
        `${entry.name} is an ${entry.authScheme} provider: send ${names}.`,
      );
    }
    // The HTTP edge refuses these already; callers inside the process too.
    if (hasControlCharacter(id) || hasControlCharacter(secret)) {
      throw new AppError(
        'INVALID_CHARACTERS',
        `${names} must not contain control characters.`,
      );
    }
    return {
      clientID: id,
      clientSecret: this.box.seal(secret, APPLICATION_CREDENTIAL_PURPOSE),
      ...(input.callbackURL
        ? {callbackURL: checkCallbackUrl(input.callbackURL)}
        : {}),
    };
  }

  private find(applicationId: string, provider: string) {
    return this.credentials.findOne({where: {applicationId, provider}});
  }

  private record(
    actor: Actor,
    applicationId: string,
    provider: string,
    action: 'put' | 'deleted',
  ): Promise<void> {
    return this.audit.record('application.credentials_changed', {
      userId: actor.userId,
      applicationId,
      context: actor.context,
      details: {provider, action},
    });
  }
}

function credentialView(row: ApplicationCredential): CredentialView {
  const stored = row.credentials as StoredProviderCredentials;
  return {
    provider: row.provider,
    authScheme: row.authScheme,
    clientID: stored.clientID,
    ...(row.authScheme === 'oauth1' ? {consumerKey: stored.clientID} : {}),
    ...(stored.callbackURL ? {callbackURL: stored.callbackURL} : {}),
    hasClientSecret: true,
    created: row.created,
    modified: row.modified,
  };
}

function noCredentials(provider: string): AppError {
  return new AppError(
    'NOT_FOUND',
    `This application has no credentials of its own for ${provider}.`,
  );
}
