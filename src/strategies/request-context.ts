import {Request} from '@loopback/rest';
import {withoutControlCharacters} from '../services/platform/control-characters';
import {readDeviceToken} from './device-token-transport';

/** What the audit log and rate limits need to know about a request. */
export interface RequestContext {
  ip?: string;
  userAgent?: string;
  /** The device token presented (unverified): see DeviceTokenService. */
  deviceToken?: string;
}

/**
 * `ip` honours TRUST_PROXY through Express's `req.ip`. Node lets TAB and
 * bytes 0x80–0x9F through in header values: the User-Agent is recorded
 * (sessions, audit) without them, as every other stored text is.
 */
export function requestContext(request: Request): RequestContext {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip ?? request.socket?.remoteAddress,
    userAgent:
      typeof userAgent === 'string'
        ? withoutControlCharacters(userAgent.slice(0, 512))
        : undefined,
    deviceToken: readDeviceToken(request),
  };
}
