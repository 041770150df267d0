import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {IdentityBindings} from '../../keys';
import {ApplicationRepository} from '../../repositories';
import {FlowClientService} from '../applications/flow-client.service';
import {FirstPartyPolicyService} from '../tokens/first-party-policy.service';
import {AuthorizationParams, single} from './authorization-params';

/** The client of an authorization request, and where its answers may go. */
export interface AuthorizingClient {
  clientId: string;
  /** Registered for this client: errors may be sent here from now on. */
  redirectUri: string;
  /** Shown on the hosted sign-in ("continue to …"). */
  name: string;
  firstParty: boolean;
  /**
   * The client rule's refusal of something else than the client or the
   * redirect URI (its PKCE check): answered at the redirect URI.
   */
  refusal?: string;
}

/** Codes of the client rule that leave the redirect URI untrusted. */
const PAGE_CODES = new Set(['INVALID_CLIENT', 'INVALID_REDIRECT_URI']);

/**
 * The first step of every authorization request: `client_id` and
 * `redirect_uri` present once each, a known enabled client, a redirect URI
 * registered for it exactly. Until this passes nothing is redirected:
 * whoever wrote the link chose that URI.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: IdentityBindings.AUTHORIZING_CLIENT_SERVICE},
})
export class AuthorizingClientService {
  constructor(
    @inject(IdentityBindings.FLOW_CLIENT_SERVICE)
    private flowClients: FlowClientService,
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
    @inject(IdentityBindings.FIRST_PARTY_POLICY_SERVICE)
    private firstParty: FirstPartyPolicyService,
  ) {}

  /**
   * The checked client. Throws AppError `INVALID_REQUEST` (missing or
   * repeated `client_id` / `redirect_uri`), `INVALID_CLIENT`,
   * `INVALID_REDIRECT_URI`.
   */
  async check(params: AuthorizationParams): Promise<AuthorizingClient> {
    const clientId = single(params, 'client_id', repeatedOnPage);
    const redirectUri = single(params, 'redirect_uri', repeatedOnPage);
    if (!clientId) throw missing('client_id');
    if (!redirectUri) throw missing('redirect_uri');
    const refusal = await this.applyClientRule(params, clientId, redirectUri);
    // Read again whatever the rule said: a redirect URI is trusted only
    // when it is registered for an enabled client, whichever check failed.
    const app = await this.applications.findOne({where: {id: clientId}});
    if (!app || app.disabled) {
      throw new AppError(
        'INVALID_CLIENT',
        'The client is unknown or disabled.',
      );
    }
    if (!(app.redirectUris ?? []).includes(redirectUri)) {
      throw new AppError(
        'INVALID_REDIRECT_URI',
        'The redirect_uri is not registered for this client.',
      );
    }
    return {
      clientId,
      redirectUri,
      name: app.name,
      firstParty: await this.firstParty.isFirstParty(clientId),
      ...(refusal ? {refusal} : {}),
    };
  }

  /** The service's one client rule for browser flows (FlowClientService). */
  private async applyClientRule(
    params: AuthorizationParams,
    clientId: string,
    redirectUri: string,
  ): Promise<string | undefined> {
    try {
      await this.flowClients.check({
        client_id: clientId,
        redirect_uri: redirectUri,
        // First values only: a repeated one is refused later, at the client.
        code_challenge: params.get('code_challenge')?.[0],
        code_challenge_method: params.get('code_challenge_method')?.[0],
      });
      return undefined;
    } catch (err) {
      if (!(err instanceof AppError) || PAGE_CODES.has(err.code)) throw err;
      return err.message;
    }
  }
}

function missing(name: string): AppError {
  return new AppError('INVALID_REQUEST', `${name} is required.`);
}

function repeatedOnPage(name: string): Error {
  return new AppError(
    'INVALID_REQUEST',
    `The ${name} parameter is sent more than once.`,
  );
}
