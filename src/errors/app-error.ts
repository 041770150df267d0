import {ERROR_STATUS, ErrorCode} from './error-codes';

/**
 * The one error type of the service. LoopBack's error writer renders it as
 * `{"error": {"statusCode", "name", "message", "code", "details"?}}`; for a
 * 5xx it renders only the status text, so internals never leak.
 */
export class AppError extends Error {
  readonly statusCode: number;
  readonly code: ErrorCode;
  readonly details?: object;
  /** Extra response headers, e.g. `Retry-After` or `WWW-Authenticate`. */
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    extra: {details?: object; headers?: Record<string, string>} = {},
  ) {
    super(message);
    this.name = errorName(ERROR_STATUS[code]);
    this.code = code;
    this.statusCode = ERROR_STATUS[code];
    if (extra.details) this.details = extra.details;
    if (extra.headers) this.headers = extra.headers;
  }
}

const NAMES: Record<number, string> = {
  400: 'BadRequestError',
  401: 'UnauthorizedError',
  403: 'ForbiddenError',
  404: 'NotFoundError',
  409: 'ConflictError',
  422: 'UnprocessableEntityError',
  429: 'TooManyRequestsError',
  500: 'InternalServerError',
  502: 'BadGatewayError',
  503: 'ServiceUnavailableError',
};

function errorName(status: number): string {
  return NAMES[status] ?? 'Error';
}
