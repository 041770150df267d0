import {Request} from '@loopback/rest';
import {readDeviceToken} from './device-token-transport';

/** What the audit log and rate limits need to know about a request. */
export interface RequestContext {
  ip?: string;
  userAgent?: string;
  /** The device token presented (unverified): see DeviceTokenService. */
  deviceToken?: string;
}

/** `ip` honours TRUST_PROXY through Express's `req.ip`. */
export function requestContext(request: Request): RequestContext {
  const userAgent = request.headers['user-agent'];
  return {
    ip: request.ip ?? request.socket?.remoteAddress,
    userAgent:
      typeof userAgent === 'string' ? userAgent.slice(0, 512) : undefined,
    deviceToken: readDeviceToken(request),
  };
}
