import type {CodeGrant} from './authorization-code.service';
import type {SessionContext, TokenResponse} from './session.service';

/**
 * The token response of a code exchange. A code from the authorization
 * endpoint may add `scope` and `id_token`, and carries a refresh token only
 * when the grant allows one (`offline_access`, or a first-party client).
 */
export type CodeTokenResponse = Omit<TokenResponse, 'refresh_token'> & {
  refresh_token?: string;
  scope?: string;
  id_token?: string;
};

/**
 * What a feature above `tokens` (the OpenID Provider) makes of a code's
 * token response: the ID token, the granted scope, whether the refresh
 * token is handed out. Bound under TokenBindings.CODE_RESPONSE_COMPLETION;
 * without a binding the response goes out as the session made it.
 */
export interface CodeResponseCompletion {
  /** The response the client receives for `grant`. */
  complete(grant: CodeGrant, tokens: TokenResponse): Promise<CodeTokenResponse>;
}

/** What a code of the authorization endpoint records on its session. */
export function oidcSessionFields(grant: CodeGrant): SessionContext['oidc'] {
  if (grant.scope === undefined) return undefined;
  return {
    scope: grant.scope,
    ...(grant.authTime ? {authTime: new Date(grant.authTime * 1000)} : {}),
    ...(grant.amr ? {amr: grant.amr} : {}),
    ...(grant.sid ? {browserSessionId: grant.sid} : {}),
    ...(grant.resource?.length ? {resources: grant.resource} : {}),
  };
}
