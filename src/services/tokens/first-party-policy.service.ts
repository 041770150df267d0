import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {PlatformBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {isBuiltInClient} from '../platform/web-client';
import {ApplicationRepository} from '../../repositories';
import {CurrentUser} from '../../strategies/current-user';
import {Clock} from '../platform/clock';

/**
 * How long a node trusts what it read about an application's first-party
 * status. A change made on this node applies at once (`invalidate`); one
 * made on another node within this time, as for the CORS origins.
 */
export const FIRST_PARTY_CACHE_TTL_MS = 30_000;
const MAX_CACHED = 10_000;

/**
 * Which client applications may manage the account they hold a token for.
 * First-party applications (`web`, `explorer`, and those an admin marks
 * `firstParty`) may call every route; any other application's token is
 * held to the routes marked for third-party clients
 * (`@allowThirdPartyClients()`):
 * until scopes and consent exist, reading the profile and signing out.
 * The application is read at request time, so revoking the mark binds
 * tokens already issued.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: TokenBindings.FIRST_PARTY_POLICY_SERVICE},
})
export class FirstPartyPolicyService {
  private readonly cache = new Map<
    string,
    {firstParty: boolean; expires: number}
  >();

  constructor(
    @repository(ApplicationRepository)
    private applications: ApplicationRepository,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
  ) {}

  /**
   * Throws `FIRST_PARTY_REQUIRED` unless the caller may use a route that
   * `allowsThirdParty` (or not). HTTP Basic with the password is the
   * user's own credential, so it counts as first-party.
   */
  async check(caller: CurrentUser, allowsThirdParty: boolean): Promise<void> {
    if (allowsThirdParty || caller.authMethod === 'basic') return;
    const clientId = caller.applicationId;
    if (clientId && (await this.isFirstParty(clientId))) return;
    throw new AppError(
      'FIRST_PARTY_REQUIRED',
      'This token was issued to a third-party application: it may read your profile (GET /users/me) and sign out, nothing more. Sign in through the service itself to manage your account.',
    );
  }

  /** Whether tokens of `clientId` may manage accounts. */
  async isFirstParty(clientId: string): Promise<boolean> {
    if (isBuiltInClient(clientId)) return true;
    const now = this.clock.now();
    const cached = this.cache.get(clientId);
    if (cached && cached.expires > now) return cached.firstParty;
    const app = await this.applications.findOne({
      where: {id: clientId},
      fields: {id: true, firstParty: true, disabled: true},
    });
    const firstParty = !!app && !app.disabled && app.firstParty === true;
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(clientId, {
      firstParty,
      expires: now + FIRST_PARTY_CACHE_TTL_MS,
    });
    return firstParty;
  }

  /** Forgets what this node read about `clientId`; call after it changes. */
  invalidate(clientId: string): void {
    this.cache.delete(clientId);
  }
}
