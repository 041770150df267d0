import {BindingScope, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {OAuthError} from '../errors';
import {ApplicationType} from '../models';
import {ApplicationRepository} from '../repositories';

/** What a request to an OAuth endpoint said about its client. */
export interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
  /** How the credentials came: RFC 6749 §2.3.1 / OIDC Core §9 names. */
  method: 'none' | 'client_secret_basic' | 'client_secret_post';
}

/** A client the OAuth endpoints may act for. */
export interface AuthenticatedClient {
  id: string;
  type: ApplicationType;
}

/**
 * Decides which client application a request to `/auth/token`,
 * `/auth/revoke` or `/auth/introspect` acts for. Public clients identify
 * with `client_id` alone. Confidential clients must prove a secret; until
 * client secrets exist (issue 5) they are refused here, which is the one
 * place that has to learn `client_secret_basic` and `client_secret_post`.
 */
@injectable({scope: BindingScope.SINGLETON})
export class ClientAuthenticator {
  constructor(
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
  ) {}

  /**
   * The client the credentials name, or undefined when they name none.
   * Throws OAuthError `invalid_client` for an unknown or disabled client, a
   * confidential client without a valid secret, or any client secret.
   */
  async authenticate(
    credentials: ClientCredentials,
  ): Promise<AuthenticatedClient | undefined> {
    const {clientId, clientSecret} = credentials;
    if (clientId === undefined && clientSecret === undefined) return undefined;
    const app = clientId
      ? await this.applications.findOne({where: {id: clientId}})
      : null;
    if (!app || app.disabled) {
      throw invalidClient('The client is unknown or disabled.');
    }
    if (clientSecret !== undefined) {
      throw invalidClient('Client secrets are not accepted yet.');
    }
    if (app.type !== 'public') {
      throw invalidClient('This client must authenticate with its secret.');
    }
    return {id: app.id, type: app.type};
  }

  /** As authenticate, but a request naming no client is refused too. */
  async require(credentials: ClientCredentials): Promise<AuthenticatedClient> {
    const client = await this.authenticate(credentials);
    if (!client) throw invalidClient('Name the client with client_id.');
    return client;
  }

  /**
   * Whether a client that did not identify may still act on a session of
   * `applicationId` (a public client's refresh token is its own proof).
   */
  async isPublic(applicationId: string): Promise<boolean> {
    const app = await this.applications.findOne({
      where: {id: applicationId},
    });
    return !!app && !app.disabled && app.type === 'public';
  }
}

function invalidClient(description: string): OAuthError {
  return new OAuthError('invalid_client', description);
}
