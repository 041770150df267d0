import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {SharedBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {Application, DEFAULT_GRANT_TYPES} from '../../models';
import {
  ApplicationCredentialRepository,
  ApplicationRepository,
} from '../../repositories';
import {
  builtInApplications,
  isBuiltInClient,
  WEB_CLIENT_ID,
} from '../platform/web-client';
import {checkS256} from './pkce';
import type {
  CarriedCredentials,
  FlowClient,
  FlowClientRequest,
  UsableClient,
} from './client-rule-types';

export type * from './client-rule-types';

/** What the rule reads of an application row. */
type ClientRow = Pick<
  Application,
  | 'id'
  | 'name'
  | 'type'
  | 'redirectUris'
  | 'allowedOrigins'
  | 'verifiedOrigins'
  | 'disabled'
  | 'firstParty'
  | 'idTokenSignedResponseAlg'
> &
  Partial<Pick<Application, 'grantTypes' | 'scopes'>> & {
    ownerId?: string;
    secretHash?: string;
  };

/**
 * The rule's refusal of an unknown or disabled client: `INVALID_CLIENT`
 * (400), the browser flows' answer. The OAuth endpoints and
 * `POST /auth/login` say the same in their own contract's words.
 */
export class ClientRefusal extends AppError {
  constructor(readonly reason: 'unknown' | 'disabled') {
    super('INVALID_CLIENT', 'The client is unknown or disabled.');
  }
}

/**
 * The one client rule: whether a client id names a client application that
 * may be served, and, for a browser flow, whether its redirect URI and PKCE
 * challenge may be trusted and which provider credentials it brings. Every
 * flow asks once, at its start (browser sign-in and link, native exchange,
 * password login, each request to the OAuth endpoints), and carries the
 * answer; nothing later in the flow reads the application again.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.CLIENT_RULE},
})
export class ClientRuleService {
  private readonly builtIns: ReadonlyMap<string, ClientRow>;

  constructor(
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
    @repository(ApplicationCredentialRepository)
    private credentials: ApplicationCredentialRepository,
    @inject(SharedBindings.CONFIG) config: AppConfig,
  ) {
    this.builtIns = new Map(
      builtInApplications(config.baseUrl).map(app => [app.id, app]),
    );
  }

  /**
   * The client `clientId` names, or the refusal, from one read; nothing is
   * thrown, so a caller can still spend the same time on a refusal (the
   * token endpoint verifies a presented secret either way).
   */
  async lookup(clientId: string): Promise<UsableClient | ClientRefusal> {
    const app = await this.applications.findOne({where: {id: clientId}});
    // The first start may still be writing `web` or `explorer`: each
    // serves as it will be.
    const found: ClientRow | null = app ?? this.builtIns.get(clientId) ?? null;
    if (!found) return new ClientRefusal('unknown');
    if (found.disabled) return new ClientRefusal('disabled');
    return usable(found);
  }

  /** The client `clientId` names; throws its ClientRefusal otherwise. */
  async require(clientId: string): Promise<UsableClient> {
    const client = await this.lookup(clientId);
    if (client instanceof ClientRefusal) throw client;
    return client;
  }

  /**
   * The client and the credentials it brings for the providers.json entry
   * `entryName`, if any. Throws ClientRefusal.
   */
  async forProvider(
    clientId: string,
    entryName: string,
  ): Promise<{client: UsableClient; credentials?: CarriedCredentials}> {
    const client = await this.require(clientId);
    return {client, credentials: await this.carried(client.id, entryName)};
  }

  /**
   * Checks who a browser flow (with the providers.json entry `entryName`,
   * whose credentials the application may bring) will answer to, before
   * anything is redirected: an untrusted client or redirect URI is a
   * 400 to the caller, never a redirect, or the service would be an open
   * redirector handing codes to whoever wrote the link. Throws
   * `INVALID_CLIENT` (ClientRefusal), `INVALID_REDIRECT_URI` (not exactly
   * one of the application's) or `INVALID_REQUEST` (no S256 challenge).
   */
  async forFlow(
    request: FlowClientRequest,
    entryName?: string,
  ): Promise<FlowClient> {
    const client = await this.require(request.client_id ?? WEB_CLIENT_ID);
    const redirectUri = registeredRedirect(client, request.redirect_uri);
    // Every code this service issues is PKCE-bound, confidential client or not.
    const codeChallenge = checkS256(
      request.code_challenge,
      request.code_challenge_method,
    );
    if (!codeChallenge) {
      throw new AppError(
        'INVALID_REQUEST',
        'Send a PKCE code_challenge with code_challenge_method=S256.',
      );
    }
    const providerCredentials =
      entryName === undefined
        ? undefined
        : await this.carried(client.id, entryName);
    return {
      clientId: client.id,
      clientType: client.type,
      firstParty: client.firstParty,
      redirectUri,
      ...(request.state ? {clientState: request.state} : {}),
      codeChallenge,
      codeChallengeMethod: 'S256',
      ...(providerCredentials ? {providerCredentials} : {}),
    };
  }

  private async carried(
    applicationId: string,
    entryName: string,
  ): Promise<CarriedCredentials | undefined> {
    const row = await this.credentials.findOne({
      where: {applicationId, provider: entryName},
    });
    return row
      ? {id: row.id, applicationId: row.applicationId, stored: row.credentials}
      : undefined;
  }
}

function usable(app: ClientRow): UsableClient {
  return {
    id: app.id,
    name: app.name,
    type: app.type,
    firstParty: isBuiltInClient(app.id) || app.firstParty === true,
    redirectUris: app.redirectUris ?? [],
    ...(app.ownerId ? {ownerId: app.ownerId} : {}),
    allowedOrigins: app.allowedOrigins ?? [],
    verifiedOrigins: app.verifiedOrigins ?? [],
    // Rows older than the fields hold the defaults.
    grantTypes: app.grantTypes ?? DEFAULT_GRANT_TYPES,
    scopes: app.scopes ?? [],
    ...(app.secretHash ? {secretHash: app.secretHash} : {}),
    ...(app.idTokenSignedResponseAlg
      ? {idTokenSignedResponseAlg: app.idTokenSignedResponseAlg}
      : {}),
  };
}

/** `requested`, when registered; without one, the application's only URI. */
function registeredRedirect(
  client: UsableClient,
  requested: string | undefined,
): string {
  const registered = client.redirectUris;
  // Without redirect_uri, only an application with exactly one is unambiguous.
  const redirectUri =
    requested ?? (registered.length === 1 ? registered[0] : undefined);
  if (!redirectUri || !registered.includes(redirectUri)) {
    throw new AppError(
      'INVALID_REDIRECT_URI',
      'The redirect_uri is not registered for this client.',
    );
  }
  return redirectUri;
}
