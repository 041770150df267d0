import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppConfig} from '../../config';
import {PlatformBindings, SharedBindings} from './keys';
import {Application} from '../../models';
import {ApplicationRepository} from '../../repositories';
import {Clock} from './clock';

/**
 * How long a node trusts its copy of the allowed origins. A change made on
 * this node applies at once (`invalidate`); one made on another node
 * applies here within this time. Half a minute of a stale origin list is
 * acceptable: CORS only governs which web pages may read responses, and
 * every route still checks the bearer token.
 */
export const CORS_CACHE_TTL_MS = 30_000;

/** What proving an application's origins needs to know of it. */
export type SignedInClient = Pick<
  Application,
  'id' | 'allowedOrigins' | 'verifiedOrigins'
> & {ownerId?: string};

/**
 * Which browser origins may call the API: the service's own origin
 * (BASE_URL), plus those `allowedOrigins` of enabled applications that are
 * verified. Registering an application is open to every user, so an
 * origin it names counts only once its owner has signed in through it (a
 * code exchange of their own for that client) or an admin approved it;
 * an origin added afterwards waits for the same proof.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: PlatformBindings.CORS_POLICY_SERVICE},
})
export class CorsPolicyService {
  private cached?: {origins: Set<string>; expires: number};
  private loading?: Promise<Set<string>>;
  private generation = 0;
  private readonly ownOrigin: string;

  constructor(
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
    @inject(SharedBindings.CONFIG) config: AppConfig,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {
    this.ownOrigin = new URL(config.baseUrl).origin;
  }

  /** Whether a request from `origin` may read the API's responses. */
  async allows(origin: string): Promise<boolean> {
    if (origin === this.ownOrigin) return true;
    return (await this.origins()).has(origin);
  }

  /**
   * Called after a code exchange of `userId` for the client `app` (as the
   * token endpoint's client check just read it, so it is not read again):
   * when that user owns the application, its current origins are proven.
   */
  async recordSignIn(app: SignedInClient, userId: string): Promise<void> {
    if (!app.ownerId || app.ownerId !== userId) return;
    const allowed = app.allowedOrigins ?? [];
    const verified = new Set(app.verifiedOrigins ?? []);
    if (allowed.every(origin => verified.has(origin))) return;
    await this.applications.updateById(app.id, {
      verifiedOrigins: allowed,
      originsVerifiedAt: new Date(this.clock.now()),
    });
    this.invalidate();
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
        fields: {allowedOrigins: true, verifiedOrigins: true, disabled: true},
      });
      const origins = new Set(apps.flatMap(verifiedOrigins));
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

/** The origins of `app` that CORS admits: allowed, and proven or approved. */
function verifiedOrigins(app: Application): string[] {
  const allowed = new Set(app.allowedOrigins ?? []);
  return (app.verifiedOrigins ?? []).filter(origin => allowed.has(origin));
}
