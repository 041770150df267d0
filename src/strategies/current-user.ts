import {securityId, UserProfile} from '@loopback/security';

/** Who is calling, as the authentication strategies establish it. */
export interface CurrentUser extends UserProfile {
  id: string;
  /** How this request proved it: a bearer token or HTTP Basic credentials. */
  authMethod: 'bearer' | 'basic';
  /** The session of the bearer token; Basic requests have none. */
  sessionId?: string;
  /** The client application the token was issued to. */
  applicationId?: string;
  /**
   * The token's granted scopes, when it carries a `scope` claim (a token of
   * the authorization endpoint); undefined for tokens without one and Basic.
   */
  scopes?: readonly string[];
  /** When the person last proved who they are: the token's `auth_time`, or now for Basic. */
  authTime?: Date;
  /** How: the token's `amr`, or `pwd` for Basic. */
  amr?: readonly string[];
}

export function currentUser(
  id: string,
  extra: Pick<
    CurrentUser,
    'authMethod' | 'sessionId' | 'applicationId' | 'scopes' | 'authTime' | 'amr'
  >,
): CurrentUser {
  return {...extra, [securityId]: id, id};
}
