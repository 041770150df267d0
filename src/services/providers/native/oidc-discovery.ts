import {getProviderJson} from './provider-http';
import {providerUnavailable} from './native-token';

/** What the native exchange needs from an issuer's metadata. */
export interface IssuerKeys {
  /** The issuer exactly as its metadata names it: ID tokens must match. */
  issuer: string;
  jwksUrl: URL;
}

/** Metadata changes rarely; re-read it now and then for key-URL moves. */
const METADATA_TTL_MS = 60 * 60 * 1000;

/**
 * OpenID Connect Discovery 1.0 for the native exchange: reads
 * `{issuer}/.well-known/openid-configuration` once an hour per issuer.
 * Failures are not cached, so a provider that was down is asked again.
 */
export class OidcDiscovery {
  private cache = new Map<string, {at: number; keys: Promise<IssuerKeys>}>();

  /** The issuer's `issuer` and `jwks_uri`; `PROVIDER_ERROR` when unreadable. */
  async keysOf(issuer: string, now: number): Promise<IssuerKeys> {
    const cached = this.cache.get(issuer);
    if (cached && now - cached.at < METADATA_TTL_MS) return cached.keys;
    const entry = {at: now, keys: discover(issuer)};
    this.cache.set(issuer, entry);
    entry.keys.catch(() => {
      if (this.cache.get(issuer) === entry) this.cache.delete(issuer);
    });
    return entry.keys;
  }
}

async function discover(issuer: string): Promise<IssuerKeys> {
  const base = issuer.replace(/\/+$/, '');
  const reply = await getProviderJson(
    new URL(`${base}/.well-known/openid-configuration`),
    'publish its OpenID configuration',
  );
  const {issuer: named, jwks_uri: jwksUri} = reply.body;
  // Discovery §4.3: metadata for another issuer must not be used.
  if (
    reply.status !== 200 ||
    typeof named !== 'string' ||
    named.replace(/\/+$/, '') !== base ||
    typeof jwksUri !== 'string' ||
    !URL.canParse(jwksUri)
  ) {
    throw providerUnavailable('publish a valid OpenID configuration');
  }
  return {issuer: named, jwksUrl: new URL(jwksUri)};
}
