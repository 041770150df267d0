import {Response} from '@loopback/rest';

/** RFC 6749 §5.1: a token response must not be cached. */
export function noStoreTokenResponse(response: Response): void {
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Pragma', 'no-cache');
}

/**
 * Ends the response with a 302 to `url`. The URL may carry a code: it must
 * not be cached or leak through a Referer.
 */
export function redirectWithoutReferrer(
  response: Response,
  url: string,
): Response {
  response
    .status(302)
    .set('Location', url)
    .set('Cache-Control', 'no-store')
    .set('Referrer-Policy', 'no-referrer')
    .end();
  return response;
}
