/**
 * The closed set of error codes clients may rely on, with the HTTP status
 * each one is answered with. Adding a code is a contract change: document it
 * in the README's API section.
 */
export const ERROR_STATUS = {
  // generic
  VALIDATION_FAILED: 422,
  INVALID_REQUEST: 400,
  // a list's cursor that is not one the list gave
  INVALID_CURSOR: 400,
  // a control character (U+0000–U+001F, U+007F–U+009F) in path, query or body
  INVALID_CHARACTERS: 400,
  NOT_FOUND: 404,
  ENTITY_NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  // raised by the HTTP layer before any route: body too big, wrong type
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_ERROR: 500,
  // uniqueness
  EMAIL_TAKEN: 409,
  USERNAME_TAKEN: 409,
  DUPLICATE_KEY: 409,
  // authentication and authorization
  AUTHENTICATION_REQUIRED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_TOKEN: 401,
  EMAIL_NOT_VERIFIED: 403,
  SESSION_NOT_FOUND: 404,
  FORBIDDEN: 403,
  // A third-party application's token on an account-management route.
  FIRST_PARTY_REQUIRED: 403,
  // A scoped token without the scope a route names: a token of the
  // authorization endpoint here, or at an API behind the identity-token
  // strategy (RFC 6750 §3.1).
  INSUFFICIENT_SCOPE: 403,
  // An application's own token (client credentials: no user) on a route
  // that acts for a user.
  USER_TOKEN_REQUIRED: 403,
  CANNOT_MODIFY_SELF: 409,
  // accounts
  WEAK_PASSWORD: 422,
  INVALID_EMAIL_TOKEN: 400,
  // Not 401: the request itself is authenticated; a 401 would make clients
  // drop their token and browsers show a Basic login popup.
  INVALID_CURRENT_PASSWORD: 403,
  // third-party login and linking
  IDENTITY_ALREADY_LINKED: 409,
  ACCOUNT_EXISTS: 409,
  LAST_LOGIN_METHOD: 409,
  PROVIDER_ERROR: 502,
  // An LDAP entry's directory cannot be reached (connection refused,
  // timeout, or a TLS certificate that does not chain to the entry's CA).
  DIRECTORY_UNAVAILABLE: 503,
  // an application's own directory at an address inside the operator's
  // network (loopback, private, link-local, metadata…): details name server.url
  DIRECTORY_HOST_NOT_ALLOWED: 422,
  INVALID_STATE: 400,
  INVALID_REDIRECT_URI: 400,
  // client applications
  APPLICATION_NOT_FOUND: 404,
  PROVIDER_NOT_FOUND: 404,
  INVALID_ORIGIN: 400,
  ORIGIN_NOT_ALLOWED: 403,
  INVALID_CLIENT: 400,
  // client applications' OpenID Provider settings
  GRANT_TYPE_NOT_ALLOWED: 422,
  // resources (APIs) and their scopes
  INVALID_RESOURCE: 422,
  INVALID_SCOPE: 422,
  RESOURCE_EXISTS: 409,
  RESOURCE_NOT_FOUND: 404,
  // a user's consents to third-party applications
  CONSENT_NOT_FOUND: 404,
  // A link-only entry (LoopBack 3's `"link": true`) cannot sign anyone in.
  LOGIN_NOT_ALLOWED: 403,
  ACCOUNT_DISABLED: 403,
  // native apps' token exchange (POST /auth/{name}/token)
  INVALID_PROVIDER_TOKEN: 401,
  TOKEN_EXCHANGE_NOT_ENABLED: 400,
  // OpenID Provider: the page's sign-in is older than the application asks
  // (prompt=login, max_age)
  FRESH_SIGN_IN_REQUIRED: 403,
  // second factors and step-up (DESIGN §9)
  // The first factor was right; the account needs a second one: the body's
  // details carry a single-use mfaToken and the methods available.
  MFA_REQUIRED: 403,
  // An unknown, expired or spent mfaToken (sign in again).
  INVALID_MFA_TOKEN: 401,
  // A wrong TOTP code or recovery code, or a passkey assertion that fails.
  INVALID_MFA_CODE: 401,
  FACTOR_NOT_FOUND: 404,
  // A TOTP enrolment confirmed twice, or a passkey registered twice.
  FACTOR_ALREADY_CONFIRMED: 409,
  // Recovery codes for an account without a confirmed factor.
  MFA_NOT_ENABLED: 409,
  // A new factor for an account that holds 10 already (pending ones count).
  FACTOR_LIMIT_REACHED: 409,
  // RFC 9470: the token's sign-in is too old, or lacks a second factor, for
  // a sensitive operation; WWW-Authenticate names max_age / acr_values.
  INSUFFICIENT_USER_AUTHENTICATION: 401,
  // No live passkey challenge for the request (unknown, expired after 5
  // minutes, or spent): ask for new options.
  INVALID_PASSKEY_CHALLENGE: 400,
  // A passkey credential that is malformed, or a registration that fails
  // verification (origin, RP ID, challenge, attestation).
  INVALID_PASSKEY: 400,
  // POST /users/me/password for an account that has a password: change it
  // with PUT /users/me/password (the current one) instead.
  PASSWORD_ALREADY_SET: 409,
  // outgoing mail
  MAIL_UNAVAILABLE: 503,
  // embedded database (raised at start, never answered to a client)
  DATABASE_FILE_CORRUPT: 500,
  // secrets at rest
  DECRYPTION_FAILED: 500,
  // A TOTP factor's secret cannot be opened (APP_SECRET changed, row
  // damaged): the server's fault, and retrying does not help. Answered
  // with its code, unlike other 5xx: the person must use another factor.
  FACTOR_UNREADABLE: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
