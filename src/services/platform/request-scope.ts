import {AsyncLocalStorage} from 'node:async_hooks';
import {randomUUID} from 'node:crypto';

/** What every log line of one request carries. */
export interface RequestScope {
  readonly requestId: string;
}

/**
 * The request a piece of code runs for, followed through awaits and
 * callbacks, so that the logger stamps each line with its request id
 * without every service passing the id along.
 */
export const requestScope = new AsyncLocalStorage<RequestScope>();

/** The current request's id, if the code runs for one. */
export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

/**
 * Letters, digits and `._:-`, 1 to 128 characters: what a UUID, a ULID,
 * AWS's `Root=1-…` or a W3C trace id looks like; anything else (spaces,
 * quotes, control characters, a log line's worth of text) is not echoed.
 */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:=-]{1,128}$/;

/**
 * The proxy's `X-Request-Id` when it is sane and the peer is a trusted
 * proxy; otherwise a new UUID. `trusted` is Express's `trust proxy fn`
 * asked about the immediate peer.
 */
export function requestIdFor(
  header: string | string[] | undefined,
  trusted: boolean,
): string {
  if (trusted && typeof header === 'string' && SANE_REQUEST_ID.test(header)) {
    return header;
  }
  return randomUUID();
}
