import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {repository} from '@loopback/repository';
import {Strategy} from 'passport';
import type * as OpenIdClient from 'openid-client';
import {ProviderEntry} from '../../config/provider-entry';
import {AppError} from '../../errors';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {ProviderBindings} from './keys';
import {StoreBindings} from '../store/keys';
import {UserCredential} from '../../models';
import {WEB_CLIENT_ID} from '../platform/web-client';
import {UserCredentialRepository} from '../../repositories';
import {PassportStrategyFactory} from './passport/passport-strategy-factory';
import {expiresAt, ProviderTokens} from './provider-login';
import {Clock} from '../platform/clock';
import {ProviderCredentialsService} from './provider-credentials.service';
import {openTokens, sealTokens} from './provider-token-seal';
import {SecretBox} from '../platform/secret-box.service';
import {StoreLockService} from '../store/store-lock.service';

/** Refresh this long before the provider's expiry, so a caller's request does not race it. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * One refresh at a time per credential: the provider call can take a few
 * seconds, and a waiter then reads the token the holder stored.
 */
const REFRESH_LOCK = {ttlMs: 30_000, waitMs: 10_000, retryEveryMs: 50};

/** A linked account's access token, usable now, and what is known of it. */
export interface UsableProviderToken {
  accessToken: string;
  /** Milliseconds since the epoch, when the provider said. */
  expiresAt?: number;
  scope?: string;
}

interface OAuth2Client {
  getOAuthAccessToken(
    code: string,
    params: object,
    done: (
      err: unknown,
      accessToken?: string,
      refreshToken?: string,
      params?: Record<string, unknown>,
    ) => void,
  ): void;
}

/**
 * A linked account's provider access token, for services that call the
 * provider's API on the user's behalf. An expired OAuth 2.0 token is
 * refreshed with the stored refresh token, and the new tokens sealed again.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.PROVIDER_TOKEN_SERVICE},
})
export class ProviderTokenService {
  constructor(
    @repository(UserCredentialRepository)
    private credentials: UserCredentialRepository,
    @inject(SharedBindings.PROVIDERS)
    private providers: readonly ProviderEntry[],
    @inject(ProviderBindings.PROVIDER_STRATEGY_FACTORY)
    private factory: PassportStrategyFactory,
    @inject(ProviderBindings.PROVIDER_CREDENTIALS_SERVICE)
    private providerCredentials: ProviderCredentialsService,
    @inject(PlatformBindings.SECRET_BOX) private box: SecretBox,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(StoreBindings.STORE_LOCK_SERVICE)
    private locks: StoreLockService,
  ) {}

  /**
   * The usable access token of `userId`'s credential `credentialId`.
   * Throws `NOT_FOUND` (not the user's), `PROVIDER_ERROR` (expired and the
   * provider refused, or there is nothing to refresh it with), `CONFLICT`
   * (another refresh of it is still running after 10 s).
   */
  async accessToken(userId: string, credentialId: string): Promise<string> {
    return (await this.usableToken(userId, credentialId)).accessToken;
  }

  /**
   * As accessToken, with the token's expiry and scope: for handing it to a
   * client application, which must know how long it lasts.
   */
  async usableToken(
    userId: string,
    credentialId: string,
  ): Promise<UsableProviderToken> {
    const stored = await this.stored(userId, credentialId);
    if (this.isFresh(stored.tokens)) return usable(stored.tokens);
    // Two refreshes with one refresh token would waste a grant, or, with a
    // provider that rotates refresh tokens, revoke the stored one. Whoever
    // waited re-reads: the holder has usually stored a fresh token.
    return this.locks.withLock(
      `provider-token:${credentialId}`,
      async () => {
        const {row, tokens} = await this.stored(userId, credentialId);
        if (this.isFresh(tokens)) return usable(tokens);
        const refreshed = await this.refresh(row, tokens);
        await this.credentials.updateById(row.id, {
          credentials: sealTokens(this.box, refreshed),
        });
        return usable(refreshed);
      },
      REFRESH_LOCK,
    );
  }

  private async stored(
    userId: string,
    credentialId: string,
  ): Promise<{row: UserCredential; tokens: ProviderTokens}> {
    const row = await this.credentials.findOne({
      where: {id: credentialId, userId},
    });
    const tokens = row && openTokens(this.box, row.credentials);
    if (!row || !tokens?.accessToken) {
      throw new AppError('NOT_FOUND', 'No such credential of yours.');
    }
    return {row, tokens};
  }

  private isFresh(tokens: ProviderTokens): boolean {
    return (
      tokens.expiresAt === undefined ||
      tokens.expiresAt - EXPIRY_MARGIN_MS > this.clock.now()
    );
  }

  private async refresh(
    row: UserCredential,
    tokens: ProviderTokens,
  ): Promise<ProviderTokens> {
    const entry =
      this.providers.find(
        p => p.provider === row.provider && p.authScheme === row.authScheme,
      ) ?? undefined;
    if (!tokens.refreshToken || !entry || entry.authScheme === 'oauth1') {
      throw new AppError(
        'PROVIDER_ERROR',
        'The provider token expired and cannot be refreshed: link the account again.',
      );
    }
    const credentials = await this.providerCredentials.resolve(
      entry,
      row.applicationId ?? WEB_CLIENT_ID,
    );
    const strategy = await this.factory.strategyFor(entry, {credentials});
    const next =
      entry.authScheme === 'oidc'
        ? await this.refreshOidc(strategy, tokens.refreshToken)
        : await this.refreshOAuth2(strategy, tokens.refreshToken);
    return afterRefresh(tokens, next);
  }

  private refreshOAuth2(
    strategy: Strategy,
    refreshToken: string,
  ): Promise<ProviderTokens> {
    const client = (strategy as Strategy & {_oauth2: OAuth2Client})._oauth2;
    return new Promise((resolve, reject) =>
      client.getOAuthAccessToken(
        refreshToken,
        {grant_type: 'refresh_token'},
        (err, accessToken, newRefresh, params) => {
          if (err || !accessToken) return reject(refreshFailed());
          resolve(
            compact({
              accessToken,
              // An empty string means "no new refresh token".
              refreshToken: newRefresh ? newRefresh : undefined,
              expiresAt: expiresAt(params?.expires_in, this.clock.now()),
              scope:
                typeof params?.scope === 'string' ? params.scope : undefined,
            }),
          );
        },
      ),
    );
  }

  private async refreshOidc(
    strategy: Strategy,
    refreshToken: string,
  ): Promise<ProviderTokens> {
    const client = require('openid-client') as typeof OpenIdClient;
    const config = (
      strategy as Strategy & {_config: OpenIdClient.Configuration}
    )._config;
    try {
      const tokens = await client.refreshTokenGrant(config, refreshToken);
      return compact({
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token,
        idToken: tokens.id_token,
        scope: tokens.scope,
        expiresAt: expiresAt(tokens.expires_in, this.clock.now()),
      });
    } catch {
      throw refreshFailed();
    }
  }
}

/** Only what a caller may see: never the refresh token or the ID token. */
function usable(tokens: ProviderTokens): UsableProviderToken {
  return compact({
    accessToken: tokens.accessToken!,
    expiresAt: tokens.expiresAt,
    scope: tokens.scope,
  });
}

function refreshFailed(): AppError {
  return new AppError(
    'PROVIDER_ERROR',
    'The provider refused to refresh the token: link the account again.',
  );
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

/**
 * The stored tokens after a refresh answered `next`. Providers that do not
 * rotate refresh tokens send none back, so the old one stays; but the
 * expiry is the new token's own: without `expires_in` it is unknown, not
 * the old (past) one, which would refresh again on every use.
 */
export function afterRefresh(
  tokens: ProviderTokens,
  next: ProviderTokens,
): ProviderTokens {
  return compact({
    ...tokens,
    ...next,
    refreshToken: next.refreshToken ?? tokens.refreshToken,
    expiresAt: next.expiresAt,
  });
}
