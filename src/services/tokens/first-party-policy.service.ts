import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {AppError} from '../../errors';
import {PlatformBindings} from '../platform/keys';
import {TokenBindings} from './keys';
import {isBuiltInClient} from '../platform/web-client';
import {ApplicationRepository} from '../../repositories';
import {REALM} from '../../strategies/auth-challenge';
import {CurrentUser} from '../../strategies/current-user';
import {Clock} from '../platform/clock';
import {ACCOUNT_SCOPE} from './account-scope';

/**
 * What a route lets a third-party application's token do (the routes
 * marked `@allowThirdPartyClients()`): call it, holding `scopes` when the
 * token carries a scope claim.
 */
export interface ThirdPartyAccess {
  readonly scopes: readonly string[];
}

/**
 * How long a node trusts what it read about an application's first-party
 * status. A change made on this node applies at once (`invalidate`); one
 * made on another node within this time, as for the CORS origins.
 */
export const FIRST_PARTY_CACHE_TTL_MS = 30_000;
const MAX_CACHED = 10_000;

/**
 * Which client applications may manage the account they hold a token for.
 * Managing it is the `account` scope, which first-party applications (`web`,
 * `explorer` and those an admin marks `firstParty`) hold implicitly and no other
 * application can be granted: their tokens may call every route. Any other
 * application's token is held to the routes marked for third-party clients
 * (`@allowThirdPartyClients()`), and when it carries a scope claim (a token
 * of the authorization endpoint) to the scopes such a route names. A token
 * without a scope claim (password sign-in, provider flows) is judged by
 * its client alone, as before scopes existed. The application is read at
 * request time, so revoking the mark binds tokens already issued.
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
   * Throws unless the caller may use a route that lets third-party tokens
   * in with `access` (undefined: an account-management route, which needs
   * `account`): `FIRST_PARTY_REQUIRED`, or `INSUFFICIENT_SCOPE` for a
   * scoped token without the scopes the route names. HTTP Basic with the
   * password is the user's own credential, so it holds `account`.
   */
  async check(
    caller: CurrentUser,
    access: ThirdPartyAccess | undefined,
  ): Promise<void> {
    if (await this.holdsAccount(caller)) return;
    const scoped = caller.scopes !== undefined;
    if (!access) {
      throw new AppError(
        'FIRST_PARTY_REQUIRED',
        'This token was issued to a third-party application: it may read your profile (GET /users/me) and sign out, nothing more. Sign in through the service itself to manage your account.',
        scoped ? {headers: scopeChallenge([ACCOUNT_SCOPE])} : {},
      );
    }
    const missing = scoped
      ? access.scopes.filter(scope => !caller.scopes!.includes(scope))
      : [];
    if (missing.length) {
      throw new AppError(
        'INSUFFICIENT_SCOPE',
        `This token was not granted the scope this route needs: ${access.scopes.join(' ')}.`,
        {headers: scopeChallenge(access.scopes)},
      );
    }
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

  /**
   * `account` comes with the client, never with the claim alone: a token
   * whose application has lost its mark since it was issued holds it no
   * more, whatever its `scope` says; one of a first-party application holds
   * it even when its scope names only what it asked for.
   */
  private async holdsAccount(caller: CurrentUser): Promise<boolean> {
    if (caller.authMethod === 'basic') return true;
    const clientId = caller.applicationId;
    return !!clientId && (await this.isFirstParty(clientId));
  }
}

/** RFC 6750 §3.1: which scope the token lacks. */
function scopeChallenge(scopes: readonly string[]): Record<string, string> {
  return {
    'WWW-Authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${scopes.join(' ')}"`,
  };
}
