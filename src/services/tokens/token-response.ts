import type {Session} from '../../models';
import type {TokenService} from './token.service';

/** RFC 6749 §5.1 token response, plus the user's id. */
export interface TokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  user_id: string;
}

/** The token response of a session: a new access token with its refresh token. */
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
): Promise<TokenResponse> {
  const {accessToken, expiresIn} = await tokens.issueAccessToken({
    userId: session.userId,
    sessionId: session.id,
    applicationId: session.applicationId,
    // A sign-in through the authorization endpoint knows when and how the
    // person authenticated; other sessions began with that sign-in.
    authTime: session.authTime ?? session.created,
    authMethod: session.authMethod,
    amr: session.amr,
    scope: session.scope?.split(' ').filter(Boolean),
  });
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: expiresIn,
    refresh_token: refreshToken,
    user_id: session.userId,
  };
}
