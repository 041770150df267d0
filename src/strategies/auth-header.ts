import {Request} from '@loopback/rest';

export type AuthScheme = 'bearer' | 'basic';

/** The scheme of the request's Authorization header, if it is one we speak. */
export function authScheme(request: Request): AuthScheme | undefined {
  const scheme = request.headers.authorization?.trim().split(/\s+/, 1)[0];
  switch (scheme?.toLowerCase()) {
    case 'bearer':
      return 'bearer';
    case 'basic':
      return 'basic';
    default:
      return undefined;
  }
}

/** The credentials after the scheme, or undefined when the scheme differs. */
export function authCredentials(
  request: Request,
  scheme: AuthScheme,
): string | undefined {
  if (authScheme(request) !== scheme) return undefined;
  return request.headers.authorization!.trim().slice(scheme.length).trim();
}
