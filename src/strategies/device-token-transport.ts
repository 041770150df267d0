import {Request, Response} from '@loopback/rest';
import {readCookie} from './cookies';

/**
 * How a device token (services/tokens/device-token.service.ts) travels. Browsers
 * keep it in an HttpOnly cookie scoped to the `/auth` routes (password
 * login, reset and verification requests), so no script can read it and
 * the rest of the API never sees it. Other clients read the `Device-Token`
 * response header after a sign-in, store it, and send it back in the
 * `Device-Token` request header, which wins over the cookie.
 */
export const DEVICE_TOKEN_HEADER = 'Device-Token';
const COOKIE_PATH = '/auth';
/** OWASP leaves the lifetime open; a year keeps a regular device trusted. */
const COOKIE_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

/**
 * Over https the name carries the `__Secure-` prefix (browsers refuse it
 * from plain http). `__Host-` would need path `/`; the cookie is scoped to
 * the sign-in routes instead. A tossed cookie gains an attacker nothing:
 * a token is bound to one user and proves nothing without the password.
 */
function cookieName(secure: boolean): string {
  return secure ? '__Secure-device-token' : 'device-token';
}

/** The device token a request presents: the header, else the cookie. */
export function readDeviceToken(request: Request): string | undefined {
  const header = request.headers[DEVICE_TOKEN_HEADER.toLowerCase()];
  if (typeof header === 'string' && header) return header.trim();
  return (
    readCookie(request, cookieName(true)) ??
    readCookie(request, cookieName(false))
  );
}

/** Hands a device token back in the response header only (HTTP Basic). */
export function sendDeviceTokenHeader(response: Response, token: string): void {
  response.setHeader(DEVICE_TOKEN_HEADER, token);
}

/** Hands a device token back in the header and the cookie (login route). */
export function sendDeviceToken(
  response: Response,
  token: string,
  secure: boolean,
): void {
  sendDeviceTokenHeader(response, token);
  response.cookie(cookieName(secure), token, {
    httpOnly: true,
    // Lax: withheld from cross-site POSTs, so another site cannot make the
    // browser guess passwords as the trusted device.
    sameSite: 'lax',
    secure,
    path: COOKIE_PATH,
    maxAge: COOKIE_MAX_AGE_MS,
  });
}
