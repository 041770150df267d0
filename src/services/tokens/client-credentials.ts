import {Request} from '@loopback/rest';
import {OAuthError} from '../../errors';
import {ClientCredentials} from './client-authenticator.service';
import {hasControlCharacter} from '../platform/control-characters';
import {authCredentials} from '../../strategies/auth-header';

/**
 * The client credentials of an OAuth endpoint request: `client_id` (and
 * `client_secret`) in the body, or HTTP Basic with form-encoded id and
 * secret (RFC 6749 §2.3.1). Using both at once is refused, as §2.3 says.
 */
export function clientCredentials(
  request: Request,
  body: {client_id?: string; client_secret?: string},
): ClientCredentials {
  const basic = authCredentials(request, 'basic');
  if (basic === undefined) {
    return {
      clientId: body.client_id,
      clientSecret: body.client_secret,
      method: body.client_secret === undefined ? 'none' : 'client_secret_post',
    };
  }
  if (body.client_secret !== undefined) {
    throw new OAuthError(
      'invalid_request',
      'Send client credentials one way: Basic or the body, not both.',
    );
  }
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) {
    throw new OAuthError(
      'invalid_client',
      'The Basic credentials are malformed.',
    );
  }
  const clientId = formDecode(decoded.slice(0, colon));
  if (body.client_id !== undefined && body.client_id !== clientId) {
    throw new OAuthError('invalid_request', 'Two different client ids.');
  }
  return {
    clientId,
    clientSecret: formDecode(decoded.slice(colon + 1)),
    method: 'client_secret_basic',
  };
}

/** Decoded id or secret; a control character makes it malformed (RFC 7617). */
function formDecode(value: string): string {
  const decoded = tryDecode(value.replace(/\+/g, ' '));
  if (decoded === undefined || hasControlCharacter(decoded)) {
    throw new OAuthError(
      'invalid_client',
      'The Basic credentials are malformed.',
    );
  }
  return decoded;
}

function tryDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
