// What TokenService issues and verifies; token.service.ts re-exports them.

/** The claims of an access token this service issued and still honours (RFC 9068). */
export interface AccessTokenClaims {
  iss: string;
  /** The user id; the client id for a client's own token (no `sid`). */
  sub: string;
  /**
   * The audience (RFC 8707): a Resource's identifier, BASE_URL (the
   * service's own API), or the client id.
   */
  aud: string;
  /** The client application the token was issued to. */
  client_id: string;
  /**
   * The session: revoking it revokes the token. Absent from a client's
   * own token (client credentials), which acts for no user.
   */
  sid?: string;
  jti: string;
  iat: number;
  exp: number;
  /** When the user signed in (absent from tokens issued before RFC 9068). */
  auth_time?: number;
  /** How the user signed in, RFC 8176 values (`pwd`, `fed`). */
  amr?: string[];
  /** Granted scopes, space-separated; absent when none was granted. */
  scope?: string;
}

export interface TokenSubject {
  userId: string;
  sessionId: string;
  applicationId: string;
  /** When the session's user signed in. */
  authTime: Date | string | number;
  /** The session's `authMethod`: `password`, `basic`, or a provider's name. */
  authMethod: string;
  /** RFC 8176 methods, when the sign-in recorded them (else from authMethod). */
  amr?: readonly string[];
  /** Granted scopes (the authorization endpoint's); none for other sign-ins. */
  scope?: readonly string[];
  /** `aud` (RFC 8707); the client id without one. */
  audience?: string;
  /** Seconds the token lives; ACCESS_TOKEN_TTL without. */
  ttl?: number;
}

/** The token of a user's session: the only kind the service's API takes. */
export type UserTokenClaims = AccessTokenClaims & {sid: string};

/** A client acting as itself (client credentials): no user, no session. */
export interface ClientTokenSubject {
  clientId: string;
  /** `aud`: a Resource's identifier, or the client id. */
  audience: string;
  scope: readonly string[];
  /** Seconds; ACCESS_TOKEN_TTL without. */
  ttl?: number;
}
