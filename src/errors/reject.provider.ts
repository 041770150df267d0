import {inject, injectable, BindingScope, Provider} from '@loopback/core';
import {
  ErrorWriterOptions,
  HandlerContext,
  LogError,
  Reject,
  RestBindings,
  writeErrorToResponse,
} from '@loopback/rest';
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
    const err = error as Error & {
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
