import type {Session} from '../../models';
import type {TokenAudience} from './token-audience';
import type {TokenService} from './token.service';

/** RFC 6749 §5.1 token response, plus the user's id. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  user_id: string;
  /** The access token's scope, when it has one. */
  scope?: string;
}

/**
 * The token response of a session: a new access token with its refresh
 * token. The token is for `audience` (RFC 8707) with its scope; without
 * one, for the client with the session's scope.
 */
export async function tokenResponse(
  tokens: TokenService,
  session: Pick<
    Session,
    | 'id'
    | 'userId'
    | 'applicationId'
    | 'created'
    | 'authMethod'
    | 'authTime'
    | 'amr'
    | 'scope'
  >,
  refreshToken: string,
  audience?: TokenAudience,
): Promise<TokenResponse> {
  // Only a session of the authorization endpoint has a scope; the others'
  // tokens carry no scope claim (they are judged by their client alone).
  const scope =
    session.scope === undefined || session.scope === null
      ? undefined
      : audience
        ? [...audience.scope]
        : session.scope.split(' ').filter(Boolean);
  const {accessToken, expiresIn} = await tokens.issueAccessToken({
    userId: session.userId,
    sessionId: session.id,
    applicationId: session.applicationId,
    // A sign-in through the authorization endpoint knows when and how the
    // person authenticated; other sessions began with that sign-in.
    authTime: session.authTime ?? session.created,
    authMethod: session.authMethod,
    amr: session.amr,
    scope,
    ...(audience ? {audience: audience.aud, ttl: audience.ttl} : {}),
  });
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: expiresIn,
    refresh_token: refreshToken,
    user_id: session.userId,
    ...(scope?.length ? {scope: scope.join(' ')} : {}),
  };
}
