import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
} from 'prom-client';
import type {AppConfig} from '../../config';
import {PlatformBindings, SharedBindings} from './keys';

/** How a person signed in (`identity_sign_ins_total{method}`). */
export type SignInMethod =
  | 'password'
  | 'basic'
  | 'basic_token'
  | 'provider'
  | 'ldap'
  | 'saml'
  | 'passkey';

/** A provider (OAuth 2.0, OpenID Connect, SAML) or a directory (LDAP). */
export type UpstreamKind = 'provider' | 'directory';

const PREFIX = 'identity_';

/**
 * Node's own figures (CPU, memory, event loop, GC), one set per process
 * however many applications it hosts, made on the first scrape-able start.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({register: processRegistry});
  }
  return processRegistry;
}

/**
 * The service's Prometheus metrics (DESIGN §11). Labels are closed sets or
 * operator-configured names (route templates, providers.json entry names),
 * never a user id, an email, a token or a raw path. With METRICS=false
 * nothing is counted.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: PlatformBindings.METRICS},
})
export class MetricsService {
  private readonly registry = new Registry();
  private readonly enabled: boolean;
  private readonly requests = new Counter({
    name: `${PREFIX}http_requests_total`,
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly durations = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: 'Time to answer an HTTP request, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly signIns = new Counter({
    name: `${PREFIX}sign_ins_total`,
    help: 'Sign-ins by method and outcome (success or failure)',
    labelNames: ['method', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly issued = new Counter({
    name: `${PREFIX}tokens_issued_total`,
    help: 'Token responses issued, by grant type',
    labelNames: ['grant'] as const,
    registers: [this.registry],
  });
  private readonly refused = new Counter({
    name: `${PREFIX}tokens_refused_total`,
    help: 'Bearer tokens refused on a protected route, and refused token requests',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  private readonly upstream = new Histogram({
    name: `${PREFIX}upstream_request_duration_seconds`,
    help: 'Calls to providers and directories, by kind, entry and outcome',
    labelNames: ['kind', 'entry', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: `${PREFIX}rate_limit_refusals_total`,
    help: 'Requests refused by a rate limit, by limit',
    labelNames: ['limit'] as const,
    registers: [this.registry],
  });
  private readonly up = new Gauge({
    name: `${PREFIX}dependency_up`,
    help: 'Whether a dependency answered its last probe (1) or not (0)',
    labelNames: ['dependency'] as const,
    registers: [this.registry],
  });

  constructor(
    @inject(SharedBindings.CONFIG) config: Pick<AppConfig, 'metrics'>,
  ) {
    this.enabled = config.metrics.enabled;
    if (this.enabled) processMetrics();
  }

  /** One answered request; `route` is the template, e.g. `/users/{id}`. */
  request(method: string, route: string, status: number, ms: number): void {
    if (!this.enabled) return;
    const labels = {method, route, status: String(status)};
    this.requests.inc(labels);
    this.durations.observe(labels, ms / 1000);
  }

  /** One sign-in attempt that reached a verdict. */
  signIn(method: SignInMethod, outcome: 'success' | 'failure'): void {
    if (this.enabled) this.signIns.inc({method, outcome});
  }

  /** One token response (`grant`: a grant type, or `password`). */
  tokenIssued(grant: string): void {
    if (this.enabled) this.issued.inc({grant});
  }

  /** One token refused (`reason`: an error code). */
  tokenRefused(reason: string): void {
    if (this.enabled) this.refused.inc({reason});
  }

  /**
   * Times a call to a provider or directory; a rejection counts as
   * `outcome="error"` and is rethrown.
   */
  async upstreamCall<T>(
    kind: UpstreamKind,
    entry: string,
    call: () => Promise<T>,
  ): Promise<T> {
    if (!this.enabled) return call();
    const end = this.upstream.startTimer({kind, entry});
    try {
      const result = await call();
      end({outcome: 'ok'});
      return result;
    } catch (err) {
      end({outcome: 'error'});
      throw err;
    }
  }

  /** One request refused by the named limit. */
  rateLimitRefusal(limit: string): void {
    if (this.enabled) this.rateLimited.inc({limit});
  }

  /** The result of a probe of the database or the store. */
  dependencyUp(dependency: 'database' | 'store', ok: boolean): void {
    this.up.set({dependency}, ok ? 1 : 0);
  }

  /** The Prometheus text exposition of this service and its process. */
  async text(): Promise<string> {
    const own = await this.registry.metrics();
    return `${await processMetrics().metrics()}\n${own}`;
  }

  /** The content type of `text()`. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
