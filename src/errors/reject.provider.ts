import {AuthorizationError} from '@loopback/authorization';
import {inject, injectable, BindingScope, Provider} from '@loopback/core';
import {
  ErrorWriterOptions,
  HandlerContext,
  LogError,
  Reject,
  Response,
  RestBindings,
  writeErrorToResponse,
} from '@loopback/rest';
import {authChallenge} from '../strategies/auth-challenge';
import {AppError} from './app-error';
import {OAuthError} from './oauth-error';
import {isUnavailableError, serviceUnavailable} from './unavailable';

/**
 * LoopBack's reject action, plus: headers an error carries (`Retry-After`,
 * `WWW-Authenticate`) reach the response, and OAuth endpoint errors use the
 * RFC 6749 body. A database or store outage, whatever the driver's error,
 * is a 503 `SERVICE_UNAVAILABLE` with `Retry-After`; other 5xx bodies carry
 * only the status text.
 */
@injectable({scope: BindingScope.SINGLETON})
export class RejectProvider implements Provider<Reject> {
  constructor(
    @inject(RestBindings.SequenceActions.LOG_ERROR)
    private logError: LogError,
    @inject(RestBindings.ERROR_WRITER_OPTIONS, {optional: true})
    private writerOptions?: ErrorWriterOptions,
  ) {}

  value(): Reject {
    return (context, error) => this.reject(context, error);
  }

  private reject({request, response}: HandlerContext, error: Error): void {
    const err = normalize(error) as Error & {
      statusCode?: number;
      status?: number;
      headers?: Record<string, string>;
    };
    const statusCode = err.statusCode ?? err.status ?? 500;
    if (err.headers && (statusCode < 500 || statusCode === 503)) {
      setHeaders(response, err.headers);
    }
    if (
      statusCode === 401 &&
      !(err instanceof OAuthError) &&
      !response.headersSent &&
      !response.getHeader('WWW-Authenticate')
    ) {
      const challenge = authChallenge(request);
      if (challenge) response.setHeader('WWW-Authenticate', challenge);
    }
    if (err instanceof OAuthError && !response.headersSent) {
      response.setHeader('Cache-Control', 'no-store');
      response.status(statusCode).json({
        ...err.body,
        error: err.error,
        error_description: err.message,
      });
    } else if (isOutage(err) && !response.headersSent) {
      // LoopBack's writer reduces every 5xx to its status text; an outage
      // keeps its code so clients know to retry. The message is ours.
      const {code, name, message, details} = err;
      response.status(statusCode).json({
        error: {statusCode, name, message, code, ...(details ? {details} : {})},
      });
    } else {
      writeErrorToResponse(err, request, response, {
        ...this.writerOptions,
        debug: false,
      });
    }
    // The original error, not the 503 it became: operators need the cause.
    if (!loggedWhereRaised(err)) {
      this.logError(err === error ? err : error, statusCode, request);
    }
  }
}

function setHeaders(response: Response, headers: Record<string, string>): void {
  if (response.headersSent) return;
  for (const [name, value] of Object.entries(headers)) {
    response.setHeader(name, value);
  }
}

/**
 * 5xx codes the service raises itself whose message was written for the
 * client: what to do next (use another factor), or what it cannot read.
 */
const SHOWN_SERVER_ERRORS: ReadonlySet<string> = new Set([
  'FACTOR_UNREADABLE',
  // Says which stored secret (its purpose) and that an operator must act;
  // retrying does not help, so it is no 503.
  'DECRYPTION_FAILED',
]);

/**
 * 5xx codes whose raiser logged the one line an operator needs (what could
 * not be read, never its value): a second, generic line would only repeat it.
 */
const LOGGED_WHERE_RAISED: ReadonlySet<string> = new Set(['FACTOR_UNREADABLE']);

function loggedWhereRaised(err: Error): boolean {
  return err instanceof AppError && LOGGED_WHERE_RAISED.has(err.code);
}

/** A 503 the service raised itself: its code and message are safe to show. */
function isOutage(err: Error): err is AppError {
  return (
    err instanceof AppError &&
    (err.statusCode === 503 || SHOWN_SERVER_ERRORS.has(err.code))
  );
}

/** LoopBack's own authentication errors, given the service's codes. */
function normalize(error: Error): Error {
  const code = (error as {code?: string}).code;
  // An OAuthError is already shaped (its `cause` may be the outage itself).
  if (error instanceof OAuthError) return error;
  if (isUnavailableError(error)) return serviceUnavailable();
  // @loopback/authorization's denial carries no code.
  if (error instanceof AuthorizationError) {
    return new AppError('FORBIDDEN', 'You are not allowed to do this.');
  }
  if (
    code === 'USER_PROFILE_NOT_FOUND' ||
    code === 'AUTHENTICATION_STRATEGY_NOT_FOUND'
  ) {
    return new AppError(
      'AUTHENTICATION_REQUIRED',
      'Sign in: send a bearer access token or HTTP Basic credentials.',
    );
  }
  return code ? error : (httpLayerError(error) ?? error);
}

/**
 * The HTTP layer's own refusals (body parser, size limit, router) carry no
 * code, and a body that overflows the parser names a RangeError: they get
 * the service's codes and messages that say nothing of the internals.
 */
function httpLayerError(error: Error): AppError | undefined {
  const {statusCode, status} = error as {statusCode?: number; status?: number};
  switch (statusCode ?? status) {
    case 400:
      return new AppError(
        'INVALID_REQUEST',
        error instanceof SyntaxError
          ? 'The request body is not well-formed.'
          : 'The request could not be read.',
      );
    case 404:
      return new AppError(
        'NOT_FOUND',
        'No route answers this method and path.',
      );
    case 413:
      return new AppError(
        'PAYLOAD_TOO_LARGE',
        'The request body is larger than the service accepts.',
      );
    case 415:
      return new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the body as application/json or application/x-www-form-urlencoded.',
      );
    default:
      return undefined;
  }
}
