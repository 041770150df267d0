import {AuthorizationError} from '@loopback/authorization';
import {inject, injectable, BindingScope, Provider} from '@loopback/core';
import {
  ErrorWriterOptions,
  HandlerContext,
  LogError,
  Reject,
  RestBindings,
  writeErrorToResponse,
} from '@loopback/rest';
import {authChallenge} from '../strategies/auth-challenge';
import {AppError} from './app-error';
import {OAuthError} from './oauth-error';

/**
 * LoopBack's reject action, plus: headers an error carries (`Retry-After`,
 * `WWW-Authenticate`) reach the response, and OAuth endpoint errors use the
 * RFC 6749 body. 5xx bodies carry only the status text.
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
    if (err.headers && statusCode < 500 && !response.headersSent) {
      for (const [name, value] of Object.entries(err.headers)) {
        response.setHeader(name, value);
      }
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
        error: err.error,
        error_description: err.message,
      });
    } else {
      writeErrorToResponse(err, request, response, {
        ...this.writerOptions,
        debug: false,
      });
    }
    this.logError(err, statusCode, request);
  }
}

/** LoopBack's own authentication errors, given the service's codes. */
function normalize(error: Error): Error {
  const code = (error as {code?: string}).code;
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
  return error;
}
