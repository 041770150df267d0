import {providerUnavailable} from './native-token';

/** How long a provider may take before the exchange gives up. */
const TIMEOUT_MS = 10_000;

export interface ProviderReply {
  status: number;
  body: Record<string, unknown>;
}

/**
 * GETs a provider's JSON endpoint. Unreachable, timed out, 5xx or not JSON
 * → `PROVIDER_ERROR` (502); a 4xx is returned, since only the caller knows
 * whether it means a bad token or bad credentials of ours.
 */
export async function getProviderJson(
  url: URL,
  what: string,
  headers: Record<string, string> = {},
): Promise<ProviderReply> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: {accept: 'application/json', ...headers},
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw providerUnavailable(what);
  }
  if (res.status >= 500) throw providerUnavailable(what);
  const body = (await res.json().catch(() => undefined)) as unknown;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw providerUnavailable(what);
  }
  return {status: res.status, body: body as Record<string, unknown>};
}
