import {Request, Response} from '@loopback/rest';
import {AppConfig} from '../../config';
import {AppError} from '../../errors';
import {readCookie} from '../../strategies/cookies';

/**
 * The cookie of the service's browser sign-in (its SSO). Over https:
 * `__Host-` (a sibling subdomain or plain-http page cannot plant one),
 * `Secure`. Over http (development on localhost / 127.0.0.1, where the
 * tests run) a browser would drop a `Secure` cookie set by a plain-http
 * answer from any other host, so it is sent without; an http BASE_URL
 * anywhere else sends tokens in clear anyway. Always HttpOnly (no script
 * reads it) and SameSite=Lax (sent on the top-level navigations that
 * bring a person to /oauth/authorize, withheld from cross-site posts and
 * subrequests).
 */
function isSecure(config: AppConfig): boolean {
  return new URL(config.baseUrl).protocol === 'https:';
}

function cookieName(config: AppConfig): string {
  return isSecure(config) ? '__Host-identity-sign-in' : 'identity-sign-in';
}

function cookieOptions(config: AppConfig) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: isSecure(config),
    path: '/',
  };
}

/** Sets the sign-in cookie for as long as the sign-in lasts. */
export function setBrowserSignInCookie(
  response: Response,
  value: string,
  config: AppConfig,
): void {
  response.cookie(cookieName(config), value, {
    ...cookieOptions(config),
    maxAge: config.refreshTokenTtl * 1000,
  });
}

export function clearBrowserSignInCookie(
  response: Response,
  config: AppConfig,
): void {
  response.clearCookie(cookieName(config), cookieOptions(config));
}

export function readBrowserSignInCookie(
  request: Request,
  config: AppConfig,
): string | undefined {
  return readCookie(request, cookieName(config));
}

/**
 * The browser sign-in is set and ended only by the page itself: a request
 * whose `Origin` is the service's own (browsers send it on every POST and
 * DELETE made by `fetch`). A cross-site form or script cannot plant or end
 * one (login CSRF, session fixation); CORS never admits credentials anyway.
 */
export function assertSameOrigin(request: Request, config: AppConfig): void {
  if (request.headers.origin !== new URL(config.baseUrl).origin) {
    throw new AppError(
      'ORIGIN_NOT_ALLOWED',
      "Only the service's own page may do this (same origin).",
    );
  }
}
