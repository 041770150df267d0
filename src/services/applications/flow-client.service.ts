import {BindingScope, injectable, ContextTags} from '@loopback/core';
import {ApplicationBindings} from './keys';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {WEB_CLIENT_ID} from '../platform/web-client';
import {ApplicationRepository} from '../../repositories';
import {isS256Challenge} from '../tokens/pkce';

/** What a client sends to start a browser flow. */
export interface FlowClientRequest {
  client_id?: string;
  redirect_uri?: string;
  state?: string;
  code_challenge?: string;
  code_challenge_method?: string;
}

/** A start request whose client and redirect URI were checked. */
export interface CheckedFlowClient {
  clientId: string;
  redirectUri: string;
  clientState?: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256';
}

/**
 * Checks who a browser flow will answer to, before anything is redirected:
 * an unknown client or an unregistered redirect URI is a 400 to the caller,
 * never a redirect, or the service would be an open redirector handing
 * codes to whoever wrote the link.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ApplicationBindings.FLOW_CLIENT_SERVICE},
})
export class FlowClientService {
  constructor(
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
  ) {}

  /**
   * Throws `INVALID_CLIENT` (unknown or disabled application),
   * `INVALID_REDIRECT_URI` (not exactly one of the application's), or
   * `INVALID_REQUEST` (no S256 PKCE challenge).
   */
  async check(request: FlowClientRequest): Promise<CheckedFlowClient> {
    const clientId = request.client_id ?? WEB_CLIENT_ID;
    const app = await this.applications.findOne({where: {id: clientId}});
    if (!app || app.disabled) {
      throw new AppError(
        'INVALID_CLIENT',
        'The client is unknown or disabled.',
      );
    }
    const registered = app.redirectUris ?? [];
    // Without redirect_uri, only an application with exactly one is unambiguous.
    const redirectUri =
      request.redirect_uri ??
      (registered.length === 1 ? registered[0] : undefined);
    if (!redirectUri || !registered.includes(redirectUri)) {
      throw new AppError(
        'INVALID_REDIRECT_URI',
        'The redirect_uri is not registered for this client.',
      );
    }
    // Every code this service issues is PKCE-bound, confidential client or not.
    const challenge = request.code_challenge;
    if (
      !challenge ||
      !isS256Challenge(challenge) ||
      request.code_challenge_method !== 'S256'
    ) {
      throw new AppError(
        'INVALID_REQUEST',
        'Send a PKCE code_challenge with code_challenge_method=S256.',
      );
    }
    return {
      clientId,
      redirectUri,
      ...(request.state ? {clientState: request.state} : {}),
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    };
  }
}
