import {Request, Response} from '@loopback/rest';
import {AppConfig} from '../../config';
import {FLOW_TTL_MS} from '../../services/providers/flows/provider-flow-store';
import {readCookie} from '../../strategies/cookies';

/**
 * The cookie that proves "this browser started this link flow". It is not
 * a session: it authenticates nobody and only decides whether a link may be
 * made without the person confirming it. Over https it carries the
 * `__Host-` prefix, so a sibling subdomain or a plain-http page cannot
 * plant an attacker's value (cookie tossing) to pass the check.
 */
function cookieName(secure: boolean): string {
  return secure ? '__Host-link-binding' : 'link-binding';
}

function isSecure(config: AppConfig): boolean {
  return new URL(config.baseUrl).protocol === 'https:';
}

function cookieOptions(config: AppConfig) {
  return {
    httpOnly: true,
    // Lax: sent on the provider's top-level GET redirect back to the
    // callback, withheld from cross-site subrequests and POSTs.
    sameSite: 'lax' as const,
    secure: isSecure(config),
    path: '/',
  };
}

/** Sets the binding cookie for as long as the flow lives. */
export function setLinkBindingCookie(
  response: Response,
  value: string,
  config: AppConfig,
): void {
  response.cookie(cookieName(isSecure(config)), value, {
    ...cookieOptions(config),
    maxAge: FLOW_TTL_MS,
  });
}

/** Removes the binding cookie once its flow is finished. */
export function clearLinkBindingCookie(
  response: Response,
  config: AppConfig,
): void {
  response.clearCookie(cookieName(isSecure(config)), cookieOptions(config));
}

/** The binding cookie the request carries, if any. */
export function readLinkBindingCookie(
  request: Request,
  config: AppConfig,
): string | undefined {
  return readCookie(request, cookieName(isSecure(config)));
}
