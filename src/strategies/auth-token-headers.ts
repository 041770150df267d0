import {Request, Response} from '@loopback/rest';
import type {AuthTokenGrant} from '../services/tokens/auth-token.service';

/** RESTHeart's names for an HTTP Basic client's auth token. */
export const AUTH_TOKEN_HEADERS = [
  'Auth-Token',
  'Auth-Token-Location',
  'Auth-Token-Valid-Until',
] as const;

/**
 * Answers a Basic request with its auth token: the token, the session it
 * is (`GET` shows it, `DELETE` ends it), and when it expires unless used.
 * A response carrying a credential is never cached.
 */
export function sendAuthTokenHeaders(
  request: Request,
  grant: AuthTokenGrant,
): void {
  const response = (request as Request & {res?: Response}).res;
  if (!response || response.headersSent) return;
  response.setHeader('Auth-Token', grant.token);
  response.setHeader('Auth-Token-Location', `/sessions/${grant.sessionId}`);
  response.setHeader('Auth-Token-Valid-Until', grant.validUntil.toISOString());
  response.setHeader('Cache-Control', 'no-store');
}
