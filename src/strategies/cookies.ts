import {Request} from '@loopback/rest';

/** The value of the cookie `name` the request carries, if any. */
export function readCookie(request: Request, name: string): string | undefined {
  for (const pair of (request.headers.cookie ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === name) {
      const value = pair.slice(eq + 1).trim();
      return value || undefined;
    }
  }
  return undefined;
}
