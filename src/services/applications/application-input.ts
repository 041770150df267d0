import {AppError} from '../../errors';

const MAX_URI_LENGTH = 2048;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
/**
 * Native apps' private-use schemes are reverse domain names (RFC 8252
 * §7.1), so they contain a dot; that also keeps out `javascript:`,
 * `data:`, `file:` and every other scheme a browser would act on itself.
 */
const PRIVATE_USE_SCHEME = /^[a-z][a-z0-9+-]*(\.[a-z0-9+-]+)+:$/;
/**
 * An RFC 3986 URI is printable ASCII. The WHATWG parser used to check one
 * quietly drops leading and trailing spaces and controls and every TAB, CR
 * and LF, so without this a registered value could differ from the URL it
 * was checked as, and exact matching would compare something else than
 * what was validated.
 */
const URI_CHARACTERS = /^[\x21-\x7e]+$/;

/**
 * Checks a redirect URI an application registers: absolute https, http only
 * on a loopback host, or a native app's private-use scheme; no fragment
 * (RFC 6749 §3.1.2), no wildcard, no user info. Redirects are later matched
 * exactly, as registered. Throws `INVALID_REDIRECT_URI`, its message naming
 * the URI as `label` (post-logout redirect URIs follow the same rules).
 */
export function checkRedirectUri(uri: string, label = 'redirect URI'): string {
  const url = parseAbsolute(uri, 'INVALID_REDIRECT_URI');
  const refuse = (why: string) =>
    new AppError('INVALID_REDIRECT_URI', `${label} ${uri}: ${why}`);
  if (uri.includes('#')) throw refuse('must not have a fragment');
  if (uri.includes('*')) throw refuse('wildcards are not accepted');
  if (url.username || url.password) throw refuse('must not hold user info');
  if (url.protocol === 'https:') return uri;
  if (url.protocol === 'http:') {
    if (LOOPBACK_HOSTS.has(url.hostname)) return uri;
    throw refuse('http is accepted for localhost and 127.0.0.1 only');
  }
  if (PRIVATE_USE_SCHEME.test(url.protocol)) return uri;
  throw refuse(
    'use https, http on localhost, or a reverse-domain scheme such as com.example.app:/callback',
  );
}

/**
 * Checks a CORS origin: exactly `scheme://host[:port]` as browsers send it
 * (lower-case, no path, no trailing slash, no default port), https or
 * loopback http. Throws `INVALID_ORIGIN`.
 */
export function checkOrigin(origin: string): string {
  const url = parseAbsolute(origin, 'INVALID_ORIGIN');
  const web =
    url.protocol === 'https:' ||
    (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!web || url.origin !== origin) {
    throw new AppError(
      'INVALID_ORIGIN',
      `origin ${origin}: must be scheme://host[:port] (https, or http on localhost), e.g. ${web ? url.origin : 'https://app.example.com'}`,
    );
  }
  return origin;
}

/** A provider callback URL an application gives: absolute http(s). */
export function checkCallbackUrl(uri: string): string {
  const url = parseAbsolute(uri, 'VALIDATION_FAILED');
  const ok =
    url.protocol === 'https:' ||
    (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (!ok || url.hash || url.username || url.password) {
    throw new AppError(
      'VALIDATION_FAILED',
      `callbackURL ${uri}: must be an https URL (http on localhost) without fragment`,
    );
  }
  return uri;
}

/** Duplicates removed, each entry checked. */
export function checkAll(
  values: readonly string[],
  check: (value: string) => string,
): string[] {
  // Not `map(check)`: map would pass the index as a second argument.
  return [...new Set(values.map(value => check(value)))];
}

function parseAbsolute(
  value: string,
  code: 'INVALID_REDIRECT_URI' | 'INVALID_ORIGIN' | 'VALIDATION_FAILED',
): URL {
  if (value.length > MAX_URI_LENGTH) {
    throw new AppError(code, `${value.slice(0, 40)}…: too long`);
  }
  if (!URI_CHARACTERS.test(value)) {
    throw new AppError(
      code,
      `${JSON.stringify(value)}: a URI is printable ASCII without spaces or control characters (percent-encode the rest)`,
    );
  }
  try {
    return new URL(value);
  } catch {
    throw new AppError(code, `${value}: not an absolute URI`);
  }
}
