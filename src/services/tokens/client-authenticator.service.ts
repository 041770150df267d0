import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {OAuthError} from '../../errors';
import {TokenBindings} from './keys';
import {REALM} from '../../strategies/auth-challenge';
import {
  ClientRefusal,
  ClientRuleService,
  UsableClient,
} from './client-rule.service';
import {ClientSecretHasher} from './client-secret-hasher';

/** What a request to an OAuth endpoint said about its client. */
export interface ClientCredentials {
  clientId?: string;
  clientSecret?: string;
  /** How the credentials came: RFC 6749 §2.3.1 / OIDC Core §9 names. */
  method: 'none' | 'client_secret_basic' | 'client_secret_post';
}

/**
 * A client the OAuth endpoints may act for, as the client rule read it (its
 * secret hash left behind).
 */
export type AuthenticatedClient = Omit<UsableClient, 'secretHash'>;

/**
 * Decides which client application a request to `/auth/token`,
 * `/auth/revoke` or `/auth/introspect` acts for. Public clients identify
 * with `client_id` alone (their codes are PKCE-bound). Confidential
 * clients prove their secret with `client_secret_basic` or
 * `client_secret_post`; a failure is `invalid_client` (401), with a Basic
 * challenge when Basic was tried (RFC 6749 §5.2).
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.CLIENT_AUTHENTICATOR},
})
export class ClientAuthenticator {
  constructor(
    @inject(TokenBindings.CLIENT_RULE) private rule: ClientRuleService,
    @inject(TokenBindings.CLIENT_SECRET_HASHER)
    private secrets: ClientSecretHasher,
  ) {}

  /**
   * The client the credentials name, or undefined when they name none.
   * Throws OAuthError `invalid_client` for an unknown or disabled client, a
   * confidential client without its valid secret, or a public client that
   * sends a secret (it has none).
   */
  async authenticate(
    credentials: ClientCredentials,
  ): Promise<AuthenticatedClient | undefined> {
    const {clientId, clientSecret, method} = credentials;
    if (clientId === undefined && clientSecret === undefined) return undefined;
    const found = clientId ? await this.rule.lookup(clientId) : undefined;
    const app = found instanceof ClientRefusal ? undefined : found;
    const refuse = (why: string) => invalidClient(why, method);
    if (clientSecret !== undefined) {
      // Checked before anything else so every failure costs the same.
      const valid = this.secrets.verify(clientSecret, app?.secretHash);
      if (!app || app.type !== 'confidential' || !valid) {
        throw refuse('Client authentication failed.');
      }
      return withoutSecret(app);
    }
    if (!app) {
      throw refuse('The client is unknown or disabled.');
    }
    if (app.type !== 'public') {
      throw refuse('This client must authenticate with its secret.');
    }
    return withoutSecret(app);
  }

  /** As authenticate, but a request naming no client is refused too. */
  async require(credentials: ClientCredentials): Promise<AuthenticatedClient> {
    const client = await this.authenticate(credentials);
    if (!client) {
      throw invalidClient(
        'Name the client with client_id.',
        credentials.method,
      );
    }
    return client;
  }

  /**
   * As require, for an endpoint only confidential clients may use
   * (introspection): a public client is `invalid_client` too.
   */
  async requireConfidential(
    credentials: ClientCredentials,
  ): Promise<AuthenticatedClient> {
    const client = await this.require(credentials);
    if (client.type !== 'confidential') {
      throw invalidClient(
        'Only a confidential client may use this endpoint.',
        credentials.method,
      );
    }
    return client;
  }

  /**
   * The application of a session, when a client that did not identify may
   * still act on it: a public client's refresh token is its own proof.
   * Undefined for a confidential, unknown or disabled client.
   */
  async publicClient(
    applicationId: string,
  ): Promise<AuthenticatedClient | undefined> {
    const app = await this.rule.lookup(applicationId);
    if (app instanceof ClientRefusal || app.type !== 'public') return undefined;
    return withoutSecret(app);
  }
}

function withoutSecret(client: UsableClient): AuthenticatedClient {
  const rest: AuthenticatedClient & {secretHash?: string} = {...client};
  delete rest.secretHash;
  return rest;
}

function invalidClient(
  description: string,
  method: ClientCredentials['method'],
): OAuthError {
  // RFC 6749 §5.2: a 401 with the scheme the client tried.
  const headers =
    method === 'client_secret_basic'
      ? {'WWW-Authenticate': `Basic realm="${REALM}", charset="UTF-8"`}
      : undefined;
  return new OAuthError('invalid_client', description, {headers});
}
