import {AuthorizeRedirectError} from './authorization-errors';

/** Where the hosted sign-in page takes a pending authorization. */
export function hostedSignInUrl(baseUrl: string, id: string): string {
  return `${baseUrl}/?interaction=${encodeURIComponent(id)}`;
}

/** Where the page sends the browser once the person is signed in. */
export function resumeUrl(baseUrl: string, interactionId: string): string {
  return `${baseUrl}/oauth/authorize/resume?interaction=${encodeURIComponent(interactionId)}`;
}

/**
 * `redirectUri` with the response's parameters added to its query (RFC
 * 6749 §4.1.2), keeping any query it was registered with. `iss` names this
 * service (RFC 9207), so a client talking to several providers can tell
 * whose answer it got (mix-up attacks).
 */
export function authorizationResponse(
  redirectUri: string,
  issuer: string,
  fields: Record<string, string | undefined>,
): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries({...fields, iss: issuer})) {
    if (value !== undefined) url.searchParams.append(name, value);
  }
  return url.href;
}

/** RFC 6749 §4.1.2.1: the error, its description and the client's state. */
export function errorResponse(
  redirectUri: string,
  issuer: string,
  err: AuthorizeRedirectError,
  state: string | undefined,
): string {
  return authorizationResponse(redirectUri, issuer, {
    error: err.error,
    error_description: err.message,
    state,
  });
}
