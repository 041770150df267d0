import {OAuthError} from '../../errors';
import type {RequestContext} from '../../strategies/request-context';
import type {ClientCredentials} from './client-authenticator.service';

/** RFC 8693 §3: the token type URI of an OAuth 2.0 access token. */
export const ACCESS_TOKEN_TYPE =
  'urn:ietf:params:oauth:token-type:access_token';

/** The RFC 8693 §2.1 parameters of a token exchange request. */
export interface TokenExchangeParams {
  subject_token?: string;
  subject_token_type?: string;
  requested_token_type?: string;
  audience?: string;
  resource?: string | string[];
  actor_token?: string;
  actor_token_type?: string;
}

/** What a token exchange request asks for, checked. */
export interface TokenExchangeRequest {
  subjectToken: string;
  /** The target, as the feature that serves the exchange names it. */
  audience: string;
}

/** RFC 8693 §2.2.1 response: no refresh token, ever. */
export interface TokenExchangeResponse {
  access_token: string;
  issued_token_type: typeof ACCESS_TOKEN_TYPE;
  token_type: 'Bearer';
  /** Seconds; absent when the issuer of the token did not say. */
  expires_in?: number;
  scope?: string;
}

/**
 * The token exchange grant (RFC 8693) of `POST /auth/token`. The tokens
 * feature only dispatches to it: what a token is exchanged for lives in a
 * feature above (the providers feature: a linked account's provider token),
 * which binds it under TokenBindings.TOKEN_EXCHANGE_GRANT. Without a
 * binding the grant type is unsupported.
 */
export interface TokenExchangeGrant {
  /**
   * The response for an exchange request, or OAuthError: `invalid_client`,
   * `unauthorized_client`, `invalid_request` (bad parameters, or a subject
   * token that is not acceptable), `invalid_target`.
   */
  exchange(
    params: TokenExchangeParams,
    credentials: ClientCredentials,
    context: RequestContext,
  ): Promise<TokenExchangeResponse>;
}

/**
 * The checked request: a subject token that is one of our access tokens,
 * an access token requested, one `audience`, and none of what this service
 * does not do (delegation with `actor_token`, `resource` targets). Throws
 * OAuthError `invalid_request`, or `invalid_target` for a `resource`.
 */
export function tokenExchangeRequest(
  params: TokenExchangeParams,
): TokenExchangeRequest {
  const subjectToken = params.subject_token;
  if (!subjectToken || !params.subject_token_type) {
    throw invalidRequest('subject_token and subject_token_type are required.');
  }
  if (params.subject_token_type !== ACCESS_TOKEN_TYPE) {
    throw invalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE}.`);
  }
  const requested = params.requested_token_type ?? ACCESS_TOKEN_TYPE;
  if (requested !== ACCESS_TOKEN_TYPE) {
    throw invalidRequest(`requested_token_type must be ${ACCESS_TOKEN_TYPE}.`);
  }
  if (params.actor_token !== undefined || params.actor_token_type) {
    throw invalidRequest('Delegation (actor_token) is not supported.');
  }
  if (params.resource !== undefined) {
    throw new OAuthError(
      'invalid_target',
      'Name the target with audience, not resource.',
    );
  }
  if (!params.audience) throw invalidRequest('audience is required.');
  return {subjectToken, audience: params.audience};
}

function invalidRequest(description: string): OAuthError {
  return new OAuthError('invalid_request', description);
}
