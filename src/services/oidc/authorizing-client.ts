import type {TokenSigningAlg} from '../../config';
import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {AppError} from '../../errors';
import {GrantType} from '../../models';
import {OidcAuthorizeBindings} from './authorize-keys';
import {TokenBindings} from '../tokens/keys';
import {ClientRuleService} from '../tokens/client-rule.service';
import {checkS256} from '../tokens/pkce';
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
  /** The JWS algorithm of its ID tokens (its `idTokenSignedResponseAlg`). */
  idTokenAlg?: TokenSigningAlg;
  /**
   * Whether the redirect URI's origin is one the owner proved (among the
   * application's `verifiedOrigins`): the consent page says so.
   */
  redirectVerified: boolean;
  /** Its registration: the grants and resource scopes it may have. */
  grantTypes: readonly GrantType[];
  scopes: readonly string[];
  /**
   * The client rule's refusal of something else than the client or the
   * redirect URI (its PKCE check): answered at the redirect URI.
   */
  refusal?: string;
}

/**
 * The first step of every authorization request: `client_id` and
 * `redirect_uri` present once each, a known enabled client, a redirect URI
 * registered for it exactly. Until this passes nothing is redirected:
 * whoever wrote the link chose that URI.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: OidcAuthorizeBindings.AUTHORIZING_CLIENT_SERVICE},
})
export class AuthorizingClientService {
  constructor(
    @inject(TokenBindings.CLIENT_RULE) private rule: ClientRuleService,
    @inject(TokenBindings.FIRST_PARTY_POLICY_SERVICE)
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
    // The one client rule (throws INVALID_CLIENT): a redirect URI is
    // trusted only when it is registered for an enabled client.
    const client = await this.rule.require(clientId);
    if (!client.redirectUris.includes(redirectUri)) {
      throw new AppError(
        'INVALID_REDIRECT_URI',
        'The redirect_uri is not registered for this client.',
      );
    }
    // Every code is PKCE-bound; a missing challenge goes back to the client.
    // First values only: a repeated one is refused later, at the request.
    const refusal = checkS256(
      params.get('code_challenge')?.[0],
      params.get('code_challenge_method')?.[0],
    )
      ? undefined
      : 'Send a PKCE code_challenge with code_challenge_method=S256.';
    return {
      clientId,
      redirectUri,
      name: client.name,
      ...(client.idTokenSignedResponseAlg
        ? {idTokenAlg: client.idTokenSignedResponseAlg}
        : {}),
      firstParty: await this.firstParty.isFirstParty(clientId),
      redirectVerified: client.verifiedOrigins.includes(
        new URL(redirectUri).origin,
      ),
      grantTypes: client.grantTypes,
      scopes: client.scopes,
      ...(refusal ? {refusal} : {}),
    };
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
