import {BindingScope, inject, injectable} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../config';
import {IdentityBindings} from '../keys';
import {ApplicationRepository} from '../repositories';
import {Clock} from './clock';

/**
 * How long a node trusts its copy of the allowed origins. A change made on
 * this node applies at once (`invalidate`); one made on another node
 * applies here within this time. Half a minute of a stale origin list is
 * acceptable: CORS only governs which web pages may read responses, and
 * every route still checks the bearer token.
 */
export const CORS_CACHE_TTL_MS = 30_000;

/**
 * Which browser origins may call the API: the registered `allowedOrigins`
 * of enabled applications, plus the service's own origin (BASE_URL).
 */
@injectable({scope: BindingScope.SINGLETON})
export class CorsPolicyService {
  private cached?: {origins: Set<string>; expires: number};
  private loading?: Promise<Set<string>>;
  private generation = 0;
  private readonly ownOrigin: string;

  constructor(
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
    @inject(IdentityBindings.CONFIG) config: AppConfig,
    @inject(IdentityBindings.CLOCK) private clock: Clock,
  ) {
    this.ownOrigin = new URL(config.baseUrl).origin;
  }

  /** Whether a request from `origin` may read the API's responses. */
  async allows(origin: string): Promise<boolean> {
    if (origin === this.ownOrigin) return true;
    return (await this.origins()).has(origin);
  }

  /** Forgets the cached origins; call after an application changes. */
  invalidate(): void {
    this.cached = undefined;
    this.loading = undefined;
    this.generation++;
  }

  private async origins(): Promise<Set<string>> {
    if (this.cached && this.cached.expires > this.clock.now()) {
      return this.cached.origins;
    }
    // Concurrent requests share one query instead of each running it.
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<Set<string>> {
    const generation = this.generation;
    try {
      const apps = await this.applications.find({
        where: {disabled: false},
        fields: {allowedOrigins: true, disabled: true},
      });
      const origins = new Set(apps.flatMap(a => a.allowedOrigins ?? []));
      // A change while we queried must not be overwritten by older data.
      if (generation === this.generation) {
        this.cached = {origins, expires: this.clock.now() + CORS_CACHE_TTL_MS};
      }
      return origins;
    } finally {
      if (generation === this.generation) this.loading = undefined;
    }
  }
}
