import {
  Request,
  RequestBody,
  RequestBodyObject,
  Response,
  ResponseObject,
} from '@loopback/rest';
import {AppError} from '../../errors';
import {ERROR_SCHEMA} from '../../errors/error-responses';

/** Form bodies of the browser endpoints are small; 64 KiB is generous. */
const MAX_FORM_BYTES = 64 * 1024;

/** The query string exactly as sent, without the `?`. */
export function rawQuery(request: Request): string {
  const url = request.originalUrl ?? request.url;
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}

/**
 * Reads a form body as its raw text, so the endpoint parses it exactly as
 * it parses a query (repeated names stay repeated; `a[b]` and `__proto__`
 * are names like any other, not objects).
 */
async function readRawForm(request: Request): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) {
      throw new AppError(
        'PAYLOAD_TOO_LARGE',
        'The request body is larger than the service accepts.',
      );
    }
    chunks.push(chunk);
  }
  return {value: Buffer.concat(chunks).toString('utf8')};
}

/** OpenAPI request body of a form-posting browser endpoint. */
export function rawFormBody(description: string): RequestBodyObject {
  return {
    description,
    required: false,
    content: {
      'application/x-www-form-urlencoded': {
        schema: {type: 'string'},
        'x-parser': readRawForm,
      },
    },
  };
}

/**
 * Sends the browser to `location`: 302 after a GET, 303 after a POST (the
 * next request must be a GET). Locations here may carry a code: never
 * cached, never in a Referer.
 */
export function redirectTo(
  response: Response,
  location: string,
  method: string,
): Response {
  response
    .status(method === 'POST' ? 303 : 302)
    .set('Location', location)
    .set('Cache-Control', 'no-store')
    .set('Referrer-Policy', 'no-referrer')
    .end();
  return response;
}

/**
 * A refusal of a browser endpoint: an HTML page for people (the code in
 * the page and in `X-Error-Code`), LoopBack's error body for a request
 * that prefers JSON.
 */
export function pageError(description: string): ResponseObject {
  return {
    description,
    content: {
      'text/html': {schema: {type: 'string'}},
      'application/json': {schema: ERROR_SCHEMA},
    },
  };
}
