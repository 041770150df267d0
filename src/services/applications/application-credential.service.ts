import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {LdapEntry} from '../../config/ldap-entry';
import {ProviderEntry} from '../../config/provider-entry';
import {AppError} from '../../errors';
import {ApplicationBindings} from './keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {ApplicationCredentialRepository} from '../../repositories';
import {ApplicationAccessService} from './application-access.service';
import {
  APPLICATION_BIND_PURPOSE,
  APPLICATION_CREDENTIAL_PURPOSE,
  StoredApplicationCredentials,
  StoredLdapServer,
  StoredProviderCredentials,
} from './application-credential-store';
import {credentialView, CredentialView} from './application-credential-view';
import {
  BODY_KEYS,
  readLdapInput,
  readSamlInput,
} from './application-directory-input';
import {checkCallbackUrl} from './application-input';
import {hasControlCharacter} from '../platform/control-characters';
import {AuditService} from '../platform/audit.service';
import {DestinationGuard} from '../platform/destination-guard.service';
import {SecretBox} from '../platform/secret-box.service';
import {Actor} from '../accounts/user-admin.service';

/**
 * `PUT /applications/{id}/credentials/{provider}`: OAuth 2 or oAuth 1 keys,
 * a SAML entry's IdP, or an LDAP entry's server.
 */
export interface CredentialInput {
  clientID?: string;
  clientSecret?: string;
  consumerKey?: string;
  consumerSecret?: string;
  callbackURL?: string;
  entryPoint?: string;
  cert?: string | string[];
  idpCert?: string | string[];
  idpIssuer?: string;
  server?: Record<string, unknown>;
}

export type {CredentialView};

/**
 * An application's own credentials for a providers.json entry: OAuth keys,
 * or its own directory (a SAML IdP, an LDAP server). Secrets (a client
 * secret, an LDAP service account's password) are sealed with SecretBox
 * before they reach the repository and are never returned;
 * ProviderCredentialsService and the LDAP sign-in open them for the flows.
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
    @inject(PlatformBindings.DESTINATION_GUARD)
    private destinations: DestinationGuard,
    @inject(SharedBindings.LDAP_ENTRIES, {optional: true})
    private ldapEntries: readonly LdapEntry[] = [],
  ) {}

  /**
   * Creates or replaces the credentials. Throws `APPLICATION_NOT_FOUND`,
   * `PROVIDER_NOT_FOUND` (no such enabled entry), `VALIDATION_FAILED`
   * when the keys do not fit the entry's auth scheme or a value is wrong
   * (`details` names each field), or `DIRECTORY_HOST_NOT_ALLOWED` for an
   * LDAP server inside the operator's network (`details` names `server.url`).
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

  private entry(name: string): ProviderEntry | LdapEntry {
    const entry =
      this.providers.find(e => e.name === name) ??
      this.ldapEntries.find(e => e.name === name);
    if (!entry) {
      throw new AppError(
        'PROVIDER_NOT_FOUND',
        `No enabled provider named "${name}" in providers.json.`,
      );
    }
    return entry;
  }

  private seal(
    entry: ProviderEntry | LdapEntry,
    input: CredentialInput,
  ): StoredApplicationCredentials {
    const kind = entry.authScheme in BODY_KEYS ? entry.authScheme : 'oauth';
    const {keys, say} = BODY_KEYS[kind]!;
    const fields = input as Record<string, unknown>;
    const misfit = new AppError(
      'VALIDATION_FAILED',
      `${entry.name} is an ${entry.authScheme} entry: send ${say}.`,
    );
    if (Object.keys(fields).some(k => !keys.includes(k))) throw misfit;
    if (kind === 'saml') return {saml: readSamlInput(fields)};
    if (kind === 'ldap') return this.sealServer(fields);
    return this.sealKeys(kind === 'oauth1', input, misfit);
  }

  private sealServer(fields: Record<string, unknown>): StoredLdapServer {
    const {bindCredentials, ...server} = readLdapInput(fields);
    const problem = this.destinations.urlProblem(server.url);
    if (problem) {
      throw new AppError(
        'DIRECTORY_HOST_NOT_ALLOWED',
        `Invalid directory settings: server.url ${problem}.`,
        {details: [{path: 'server.url', message: problem}]},
      );
    }
    return {
      server: {
        ...server,
        ...(bindCredentials
          ? {
              bindCredentials: this.box.seal(
                bindCredentials,
                APPLICATION_BIND_PURPOSE,
              ),
            }
          : {}),
      },
    };
  }

  private sealKeys(
    oauth1: boolean,
    input: CredentialInput,
    misfit: AppError,
  ): StoredProviderCredentials {
    const [id, secret] = oauth1
      ? [input.consumerKey, input.consumerSecret]
      : [input.clientID, input.clientSecret];
    if (!id || !secret) throw misfit;
    // The HTTP edge refuses these already; callers inside the process too.
    if (hasControlCharacter(id) || hasControlCharacter(secret)) {
      throw new AppError(
        'INVALID_CHARACTERS',
        'The keys must not contain control characters.',
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

function noCredentials(provider: string): AppError {
  return new AppError(
    'NOT_FOUND',
    `This application has no credentials of its own for ${provider}.`,
  );
}
