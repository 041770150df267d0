/** One place inside the operator's network an application may point at. */
export interface AllowedDestination {
  /** A host name (lower case, no trailing dot) or an IP address. */
  readonly host?: string;
  /** Only this port of `host`; any port without. */
  readonly port?: number;
  /** A network (CIDR; a bare IP is one address): any host resolving into it. */
  readonly network?: {
    readonly address: string;
    readonly prefix: number;
    readonly family: 'ipv4' | 'ipv6';
  };
}

export type DatabaseKind = 'memory' | 'postgresql' | 'mongodb';
/** JOSE algorithms the service signs tokens with (TOKEN_SIGNING_ALG). */
export const TOKEN_SIGNING_ALGS = ['RS256', 'ES256', 'EdDSA'] as const;
export type TokenSigningAlg = (typeof TOKEN_SIGNING_ALGS)[number];

export type LogLevel =
  'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The service's configuration: loaded and validated once, then frozen. */
export interface AppConfig {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  /** Public origin of the service, without a trailing slash. */
  readonly baseUrl: string;
  readonly database: {
    readonly kind: DatabaseKind;
    /** Unset for the embedded memory database. */
    readonly url?: string;
  };
  readonly dataDir: string;
  readonly redisUrl?: string;
  readonly appSecret: string;
  readonly providersFile?: string;
  readonly smtpUrl?: string;
  readonly mailFrom: string;
  /** Seconds. */
  readonly accessTokenTtl: number;
  /** Seconds. */
  readonly refreshTokenTtl: number;
  /** Algorithm new tokens are signed with; keys of others keep verifying. */
  readonly tokenSigningAlg: TokenSigningAlg;
  readonly requireEmailVerification: boolean;
  /**
   * HTTP Basic auth tokens (RESTHeart's `Auth-Token`): whether a Basic
   * request with the password gets one (AUTH_TOKENS, on by default) and
   * the seconds it lives after its last use (AUTH_TOKEN_TTL, 900).
   */
  readonly authTokens: {readonly enabled: boolean; readonly ttl: number};
  /** Express's `trust proxy` setting. */
  readonly trustProxy: boolean | number | string;
  readonly tls?: {readonly certFile: string; readonly keyFile: string};
  readonly admin?: {readonly email: string; readonly password: string};
  readonly logLevel: LogLevel;
  /** `GET /metrics` (config/metrics-settings.ts). */
  readonly metrics: {
    readonly enabled: boolean;
    /** The bearer secret a scrape must present (METRICS_TOKEN). */
    readonly token?: string;
    /** METRICS_PUBLIC: scrapes need no secret. */
    readonly public: boolean;
  };
  /** Seconds rows are kept once moot (config/retention-settings.ts). */
  readonly retention: {
    /**
     * RETENTION: the hourly job runs on this node (retention.observer.ts);
     * `npm run retention` runs whatever this says.
     */
    readonly enabled: boolean;
    /** After a session expired or was revoked (SESSION_RETENTION). */
    readonly sessions: number;
    /** After an audit event happened (AUDIT_RETENTION). */
    readonly audit: number;
  };
  /** Directories client applications bring (config/application-directory-settings.ts). */
  readonly applicationDirectories: {
    /** Places inside the operator's network they may be at (APPLICATION_DIRECTORY_HOSTS). */
    readonly allowed: readonly AllowedDestination[];
  };
  /** Second factors and step-up (config/mfa-settings.ts). */
  readonly mfa: {
    /** The name authenticator apps show for the account (MFA_ISSUER). */
    readonly issuer: string;
    /** The WebAuthn relying party id: BASE_URL's host by default. */
    readonly rpId: string;
    /** Origins passkey ceremonies may come from: BASE_URL's by default. */
    readonly origins: readonly string[];
    /** Seconds a sign-in counts as recent for sensitive operations. */
    readonly stepUpMaxAge: number;
  };
}
