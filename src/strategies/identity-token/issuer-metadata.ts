import {cannotCheck} from './errors';

/** What the strategy needs of the service's discovery document. */
export interface IssuerMetadata {
  issuer: string;
  jwks_uri: string;
  introspection_endpoint?: string;
}

const FETCH_TIMEOUT_MS = 5000;

/**
 * The service's OpenID Provider metadata (`{issuer}/.well-known/
 * openid-configuration`), read once and kept: an API needs only the issuer
 * URL, and the endpoints never move while the service keeps its BASE_URL.
 * A failed read is not kept, so the next request tries again.
 */
export class IssuerMetadataSource {
  private pending?: Promise<IssuerMetadata>;

  constructor(private readonly issuer: string) {}

  /** The metadata, or a 503 AppError while it cannot be read. */
  get(): Promise<IssuerMetadata> {
    this.pending ??= this.read().catch(err => {
      this.pending = undefined;
      throw err;
    });
    return this.pending;
  }

  private async read(): Promise<IssuerMetadata> {
    const url = `${this.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    let body: unknown;
    try {
      const response = await fetch(url, {
        headers: {accept: 'application/json'},
        redirect: 'error',
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (response.status !== 200)
        throw new Error(`answered ${response.status}`);
      body = await response.json();
    } catch (err) {
      throw cannotCheck(`${url}: ${(err as Error).message}`);
    }
    return this.check(url, body);
  }

  /**
   * RFC 8414 §3.3: the document must name exactly the issuer it was read
   * for, or tokens of another issuer could pass for this one's.
   */
  private check(url: string, body: unknown): IssuerMetadata {
    const metadata = (body ?? {}) as Partial<IssuerMetadata>;
    if (metadata.issuer !== this.issuer) {
      throw cannotCheck(
        `${url} names the issuer ${JSON.stringify(metadata.issuer)}, not ` +
          `${JSON.stringify(this.issuer)}: set the option issuer to the service's BASE_URL exactly`,
      );
    }
    if (typeof metadata.jwks_uri !== 'string') {
      throw cannotCheck(`${url} names no jwks_uri`);
    }
    return metadata as IssuerMetadata;
  }
}
