import {AppError} from '../../errors/app-error';

/** What an API gets back after a failure it should retry (not a token fault). */
const RETRY_AFTER_S = '5';

/** The parts of a `WWW-Authenticate: Bearer …` challenge (RFC 6750 §3). */
interface Challenge {
  realm?: string;
  error?: 'invalid_token' | 'insufficient_scope';
  description?: string;
  scope?: string[];
}

/**
 * The Bearer challenge. Values are the strategy's own constants and checked
 * scopes and realm (no `"` or `\`), so quoting needs no escaping.
 */
export function bearerChallenge(challenge: Challenge): string {
  const params: string[] = [];
  if (challenge.realm !== undefined) params.push(`realm="${challenge.realm}"`);
  if (challenge.error) params.push(`error="${challenge.error}"`);
  if (challenge.description) {
    params.push(`error_description="${challenge.description}"`);
  }
  if (challenge.scope) params.push(`scope="${challenge.scope.join(' ')}"`);
  return params.length ? `Bearer ${params.join(', ')}` : 'Bearer';
}

/** 401 without an error code: the request carried no bearer token (RFC 6750 §3.1). */
export function authenticationRequired(realm?: string): AppError {
  return new AppError(
    'AUTHENTICATION_REQUIRED',
    'This route needs an access token: Authorization: Bearer <token>.',
    {headers: {'WWW-Authenticate': bearerChallenge({realm})}},
  );
}

/**
 * 401 `invalid_token`: malformed, badly signed, for another audience or
 * issuer, expired or revoked. `description` is a fixed phrase of ours.
 */
export function invalidToken(description: string, realm?: string): AppError {
  return new AppError('INVALID_TOKEN', `The access token is ${description}.`, {
    headers: {
      'WWW-Authenticate': bearerChallenge({
        realm,
        error: 'invalid_token',
        description: `The access token is ${description}`,
      }),
    },
  });
}

/** 403 `insufficient_scope`, naming the scopes the route needs. */
export function insufficientScope(scope: string[], realm?: string): AppError {
  return new AppError(
    'INSUFFICIENT_SCOPE',
    `The access token lacks a scope this route needs: ${scope.join(' ')}.`,
    {
      headers: {
        'WWW-Authenticate': bearerChallenge({
          realm,
          error: 'insufficient_scope',
          scope,
        }),
      },
    },
  );
}

/**
 * 503: the token cannot be checked now (the service, its key set or the
 * shared store unreachable, or an API misconfigured). `cause` reaches the
 * API's error log through the message, never the client: LoopBack answers a
 * 5xx with its status text only.
 */
export function cannotCheck(cause: string): AppError {
  return new AppError(
    'SERVICE_UNAVAILABLE',
    `Access tokens cannot be checked right now: ${cause}`,
    {headers: {'Retry-After': RETRY_AFTER_S}},
  );
}
