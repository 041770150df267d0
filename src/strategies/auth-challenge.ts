import {Request} from '@loopback/rest';
import {authScheme} from './auth-header';

export const REALM = 'identity';

/**
 * The `WWW-Authenticate` value for a 401 (RFC 6750 §3, RFC 7617): a Basic
 * challenge when the request tried Basic, a Bearer one otherwise, with
 * `error="invalid_token"` when a token was presented. None when the client
 * asked for no challenge (`No-Auth-Challenge` header or `noauthchallenge`
 * query parameter), so browsers show no login popup.
 */
export function authChallenge(request: Request): string | undefined {
  if (
    request.headers['no-auth-challenge'] !== undefined ||
    request.query?.noauthchallenge !== undefined
  ) {
    return undefined;
  }
  switch (authScheme(request)) {
    case 'basic':
      return `Basic realm="${REALM}", charset="UTF-8"`;
    case 'bearer':
      return `Bearer realm="${REALM}", error="invalid_token"`;
    default:
      return `Bearer realm="${REALM}"`;
  }
}
