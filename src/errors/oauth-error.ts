/** RFC 6749 §5.2 error codes used by the token, revocation and introspection endpoints. */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  // RFC 6749 §5.2: a grant the client's registration does not allow; also
  // RFC 7009 revocation of a token issued to another client.
  | 'unauthorized_client'
  // RFC 6749 §5.2 / §6: a scope beyond what was granted.
  | 'invalid_scope'
  // RFC 8707 §2: a resource that is unknown or was not authorized; RFC
  // 8693 §2.2.2: no token for the `audience` asked for.
  | 'invalid_target'
  // RFC 7009 §2.2.1: a token the revocation endpoint cannot revoke.
  | 'unsupported_token_type'
  // RFC 6750 §3.1, answered by the userinfo endpoint.
  | 'invalid_token'
  | 'insufficient_scope'
  // RFC 6749 §4.1.2.1 names it for the authorization endpoint; the token
  // endpoint answers it too (with 503) so clients can tell an outage from a bug.
  | 'temporarily_unavailable'
  // The first factor was right; the account needs a second one (403, with
  // `mfa_token` and `methods`; the `mfa_required` of Auth0's token endpoint).
  | 'mfa_required';

/**
 * An error of the OAuth endpoints. Rendered as
 * `{"error": "invalid_grant", "error_description": "…"}` instead of
 * LoopBack's error body, as RFC 6749 requires.
 */
export class OAuthError extends Error {
  readonly statusCode: number;
  readonly headers?: Record<string, string>;
  readonly cause?: unknown;
  /** Members the body carries beside `error` and `error_description`. */
  readonly body?: Record<string, unknown>;

  constructor(
    readonly error: OAuthErrorCode,
    description: string,
    extra: {
      statusCode?: number;
      headers?: Record<string, string>;
      /** What went wrong underneath, for the log only. */
      cause?: unknown;
      body?: Record<string, unknown>;
    } = {},
  ) {
    super(description);
    this.name = 'OAuthError';
    this.statusCode =
      extra.statusCode ?? (error === 'invalid_client' ? 401 : 400);
    if (extra.headers) this.headers = extra.headers;
    if (extra.cause !== undefined) this.cause = extra.cause;
    if (extra.body) this.body = extra.body;
  }
}
