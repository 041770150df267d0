import {ProviderEntry} from '../../../config/provider-entry';
import {
  AppError,
  isUnavailableError,
  UNAVAILABLE_MESSAGE,
} from '../../../errors';
import {Logger} from '../../platform/logger';
import {ProviderFlow} from './provider-flow-store';

/** The provider answered the authorization request with an error. */
export class ProviderDenied extends Error {
  constructor(readonly error: string) {
    super(`provider error: ${error}`);
  }
}

/** Where a finished flow sends the browser: its client's redirect URI. */
export function redirectTo(
  flow: Pick<ProviderFlow, 'redirectUri' | 'clientState'>,
  params: Record<string, string>,
): string {
  const url = new URL(flow.redirectUri);
  for (const [key, value] of Object.entries(params)) {
    url.searchParams.set(key, value);
  }
  if (flow.clientState) url.searchParams.set('state', flow.clientState);
  return url.href;
}

/**
 * The `error` and `error_description` a failed flow reports to its client.
 * Client errors keep their code (lower_snake); a database or store outage
 * is RFC 6749's retryable `temporarily_unavailable`; anything unexpected is
 * logged and reported as `server_error` without details.
 */
export function flowErrorParams(
  entry: ProviderEntry,
  err: unknown,
  logger: Logger,
): {error: string; error_description: string} {
  if (err instanceof ProviderDenied) {
    return {
      error: err.error === 'access_denied' ? 'access_denied' : 'server_error',
      error_description: 'The provider did not grant access.',
    };
  }
  if (err instanceof AppError && err.statusCode < 500) {
    return {error: err.code.toLowerCase(), error_description: err.message};
  }
  if (err instanceof AppError && err.code === 'PROVIDER_ERROR') {
    return {error: 'provider_error', error_description: err.message};
  }
  if (isUnavailableError(err)) {
    logger.warn({err, entry: entry.name}, 'provider callback: outage');
    return {
      error: 'temporarily_unavailable',
      error_description: UNAVAILABLE_MESSAGE,
    };
  }
  logger.error({err, entry: entry.name}, 'provider callback failed');
  return {
    error: 'server_error',
    error_description: 'The sign-in could not be completed.',
  };
}
