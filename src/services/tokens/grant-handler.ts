import {OAuthError} from '../../errors';
import type {GrantType} from '../../models';
import type {RequestContext} from '../../strategies/request-context';
import type {
  AuthenticatedClient,
  ClientCredentials,
} from './client-authenticator.service';
import type {CodeTokenResponse} from './code-response';
import type {
  TokenExchangeParams,
  TokenExchangeResponse,
} from './token-exchange';

/**
 * The parameters of `POST /auth/token` the grants read (RFC 6749 §4.1.3,
 * §4.4.2, §6; RFC 8707). Any other parameter is ignored (RFC 6749 §3.2).
 */
export interface TokenRequest extends TokenExchangeParams {
  grant_type: string;
  refresh_token?: string;
  code?: string;
  redirect_uri?: string;
  code_verifier?: string;
  /** Space-delimited scope tokens (RFC 6749 §3.3). */
  scope?: string;
  /** RFC 8707 resource indicators: one, or several when repeated. */
  resource?: string | string[];
}

/**
 * What the token endpoint answers: a user's token response, or, for a
 * client acting as itself (client credentials), no user and no refresh token.
 */
export type GrantResponse =
  | (Omit<CodeTokenResponse, 'user_id'> & {user_id?: string})
  | TokenExchangeResponse;

/**
 * One grant type of the token endpoint. TokenGrantService keeps them in a
 * table by `grant_type`; a grant whose rules live above `tokens` (client
 * credentials, in the OpenID Provider) is bound under its own key.
 */
export interface GrantHandler {
  /** The response for the grant, or OAuthError. */
  grant(
    request: TokenRequest,
    credentials: ClientCredentials,
    context: RequestContext,
  ): Promise<GrantResponse>;
}

/** A required parameter's value; `invalid_request` when it is missing. */
export function requiredParameter(
  request: TokenRequest,
  name: 'refresh_token' | 'code' | 'redirect_uri' | 'code_verifier',
): string {
  const value = request[name];
  if (!value) {
    throw new OAuthError('invalid_request', `${name} is required.`);
  }
  return value;
}

/** The `resource` parameters, each once (RFC 8707 §2 lets it repeat). */
export function resourceParameters(request: TokenRequest): string[] {
  const {resource} = request;
  if (resource === undefined) return [];
  return [...new Set(Array.isArray(resource) ? resource : [resource])];
}

/**
 * Throws `unauthorized_client` unless the application's registration
 * (`grantTypes`, RFC 7591 `grant_types`) allows the grant.
 */
export function requireGrantType(
  client: Pick<AuthenticatedClient, 'grantTypes'>,
  grantType: GrantType,
): void {
  if (!client.grantTypes.includes(grantType)) {
    throw new OAuthError(
      'unauthorized_client',
      `This client is not registered for the ${grantType} grant.`,
    );
  }
}

/** RFC 6749 §5.2 `invalid_grant`: a code or refresh token that cannot serve. */
export function invalidGrant(description: string): OAuthError {
  return new OAuthError('invalid_grant', description);
}
