import {JWTPayload} from 'jose';
import {cannotCheck} from './errors';
import {IssuerMetadataSource} from './issuer-metadata';

/** Whether a verified token's session has been revoked since it was issued. */
export interface RevocationCheck {
  /** True when revoked; a 503 AppError while it cannot be told. */
  isRevoked(token: string, claims: JWTPayload): Promise<boolean>;
  /** Releases connections, when the API stops. */
  close(): Promise<void>;
}

/** No check: a token is valid until it expires. */
export const NO_REVOCATION_CHECK: RevocationCheck = {
  isRevoked: async () => false,
  close: async () => {},
};

/** Answers kept at most; the oldest go first. */
const MAX_CACHED = 10_000;
const FETCH_TIMEOUT_MS = 5000;

export interface IntrospectionSettings {
  clientId: string;
  clientSecret: string;
  cacheTtlMs: number;
}

/**
 * Asks the service's introspection endpoint (RFC 7662) as a confidential
 * application, authenticated with client_secret_basic. An answer is kept
 * for `cacheTtlMs` (never past the token's `exp`), so a revocation reaches
 * this API within that time; 0 asks on every request.
 */
export class IntrospectionCheck implements RevocationCheck {
  private readonly answers = new Map<
    string,
    {active: boolean; until: number}
  >();

  constructor(
    private readonly metadata: IssuerMetadataSource,
    private readonly settings: IntrospectionSettings,
    private readonly now: () => number = Date.now,
  ) {}

  async isRevoked(token: string, claims: JWTPayload): Promise<boolean> {
    const key = claims.jti ?? token;
    const cached = this.answers.get(key);
    if (cached && cached.until > this.now()) return !cached.active;
    const active = await this.introspect(token);
    this.remember(key, active, claims.exp);
    return !active;
  }

  async close(): Promise<void> {
    this.answers.clear();
  }

  private async introspect(token: string): Promise<boolean> {
    const {introspection_endpoint: endpoint} = await this.metadata.get();
    if (!endpoint)
      throw cannotCheck('the issuer names no introspection_endpoint');
    let status: number;
    let body: {active?: unknown} = {};
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          authorization: basicAuth(
            this.settings.clientId,
            this.settings.clientSecret,
          ),
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({token, token_type_hint: 'access_token'}),
        redirect: 'error',
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      status = response.status;
      if (status === 200) body = (await response.json()) as typeof body;
    } catch (err) {
      throw cannotCheck(`${endpoint}: ${(err as Error).message}`);
    }
    if (status === 401) {
      throw cannotCheck(
        `${endpoint} refused revocation.introspection's client id or secret`,
      );
    }
    if (status !== 200) throw cannotCheck(`${endpoint} answered ${status}`);
    return body.active === true;
  }

  private remember(
    key: string,
    active: boolean,
    exp: number | undefined,
  ): void {
    if (this.settings.cacheTtlMs <= 0) return;
    const until = Math.min(
      this.now() + this.settings.cacheTtlMs,
      exp !== undefined ? exp * 1000 : Infinity,
    );
    this.answers.delete(key);
    this.answers.set(key, {active, until});
    if (this.answers.size > MAX_CACHED) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
  }
}

/** RFC 6749 §2.3.1: each part form-urlencoded before base64. */
function basicAuth(id: string, secret: string): string {
  const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}
