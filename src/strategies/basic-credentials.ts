import {Request} from '@loopback/rest';
import {hasControlCharacter} from '../services/platform/control-characters';
import {authCredentials} from './auth-header';

/**
 * The login and password of an `Authorization: Basic` header (RFC 7617,
 * UTF-8), undefined when the request has no Basic header, and `null` when
 * the header is malformed, which includes a control character in the login
 * or password (RFC 7617 §2 forbids them): no account can match, so nothing
 * is looked up.
 */
export function basicCredentials(
  request: Request,
): {login: string; password: string} | null | undefined {
  const encoded = authCredentials(request, 'basic');
  if (encoded === undefined) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1 || hasControlCharacter(decoded)) return null;
  return {login: decoded.slice(0, colon), password: decoded.slice(colon + 1)};
}
