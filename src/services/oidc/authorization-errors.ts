/**
 * The `error` values the authorization endpoint sends back to a client's
 * redirect URI: RFC 6749 §4.1.2.1, OpenID Connect Core §3.1.2.6 and
 * RFC 8707 §2 (`invalid_target`).
 */
export type AuthorizeErrorCode =
  | 'invalid_request'
  | 'unauthorized_client'
  | 'access_denied'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'interaction_required'
  | 'login_required'
  | 'consent_required'
  | 'request_not_supported'
  | 'request_uri_not_supported'
  | 'registration_not_supported'
  | 'invalid_target';

/**
 * An authorization request refused after its client and redirect URI were
 * checked: it goes back to that redirect URI, never to a page here.
 */
export class AuthorizeRedirectError extends Error {
  constructor(
    readonly error: AuthorizeErrorCode,
    description: string,
  ) {
    super(description);
    this.name = 'AuthorizeRedirectError';
  }
}
