import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {createHash} from 'node:crypto';
import {Strategy} from 'passport';
import {
  ProviderCredentials,
  ProviderEntry,
} from '../../../config/provider-entry';
import {PlatformBindings} from '../../platform/keys';
import {ProviderBindings} from '../keys';
import {StoreBindings} from '../../store/keys';
import {Clock} from '../../platform/clock';
import {EphemeralStore} from '../../store/ephemeral-store';
import {StoreRequestTokenStore} from './oauth1-request-token-store';
import {
  BuildContext,
  buildOAuth1Strategy,
  buildOAuth2Strategy,
} from './oauth-strategy-builders';
import {LruMap} from './lru-map';
import {buildOidcStrategy, ModuleLoader} from './oidc-strategy-builder';
import {passLoginThrough, ProviderVerify} from '../provider-login';
import {SamlStrategyBuilder} from './saml-strategy-port';

export interface StrategyRequest {
  /** Run with these instead of the entry's (per-application credentials). */
  credentials?: ProviderCredentials;
  /** Defaults to passing the ProviderLogin through as the Passport user. */
  verify?: ProviderVerify;
}

/**
 * Strategies kept per verify function. Each client application with its
 * own credentials adds one per provider, and changed credentials leave the
 * old instance behind (its fingerprint is never asked for again); the bound
 * lets those age out instead of piling up.
 */
export const STRATEGY_CACHE_SIZE = 500;

// require() loads CommonJS strategies and, on Node 22.12+/24, ESM-only ones.
export const requireModule: ModuleLoader = async name => require(name);

/**
 * The configurator: builds the Passport strategy of a providers.json entry,
 * one generic path per auth scheme and no per-vendor class. Instances are
 * cached per (verify function, entry, credentials), so per-application
 * credentials each get their own strategy and discovery runs once.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.PROVIDER_STRATEGY_FACTORY},
})
export class PassportStrategyFactory {
  private cache = new WeakMap<
    ProviderVerify,
    LruMap<string, Promise<Strategy>>
  >();
  private requestTokenStore: StoreRequestTokenStore;

  constructor(
    @inject(StoreBindings.STORE) store: EphemeralStore,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(ProviderBindings.PASSPORT_MODULE_LOADER, {optional: true})
    private loadModule: ModuleLoader = requireModule,
    @inject(ProviderBindings.OAUTH2_STATE_STORE, {optional: true})
    private oauth2StateStore?: object,
    @inject(ProviderBindings.SAML_STRATEGY_BUILDER, {optional: true})
    private saml?: SamlStrategyBuilder,
  ) {
    this.requestTokenStore = new StoreRequestTokenStore(store);
  }

  /**
   * The strategy for `entry`, named after the entry. Rejects when the module
   * does not export the configured strategy or OIDC discovery fails; a
   * failed build is not cached, so the next call tries again.
   */
  strategyFor(
    entry: ProviderEntry,
    request: StrategyRequest = {},
  ): Promise<Strategy> {
    const verify = request.verify ?? passLoginThrough;
    const credentials = request.credentials ?? entry.credentials;
    let byKey = this.cache.get(verify);
    if (!byKey) {
      byKey = new LruMap(STRATEGY_CACHE_SIZE);
      this.cache.set(verify, byKey);
    }
    const key = `${entry.name}:${credentialsFingerprint(credentials)}`;
    let built = byKey.get(key);
    if (!built) {
      built = this.build(entry, credentials, verify);
      byKey.set(key, built);
      built.catch(() => byKey?.delete(key));
    }
    return built;
  }

  private async build(
    entry: ProviderEntry,
    credentials: ProviderCredentials,
    verify: ProviderVerify,
  ): Promise<Strategy> {
    if (entry.authScheme === 'saml') {
      if (!this.saml)
        throw new Error('SAML 2.0 entries need the enterprise feature');
      return this.saml.build(entry, credentials, verify);
    }
    if (entry.authScheme === 'oidc' && entry.issuer) {
      const {issuer} = entry;
      return buildOidcStrategy({
        entry: {...entry, issuer},
        credentials,
        verify,
        clock: this.clock,
        loadModule: this.loadModule,
      });
    }
    const ctx: BuildContext = {
      entry,
      credentials,
      verify,
      clock: this.clock,
      StrategyClass: await this.strategyClass(entry),
    };
    if (entry.authScheme === 'oauth1') {
      return buildOAuth1Strategy(ctx, this.requestTokenStore);
    }
    const extra = this.oauth2StateStore
      ? {store: this.oauth2StateStore, state: true}
      : {};
    return buildOAuth2Strategy(ctx, extra);
  }

  private async strategyClass(
    entry: ProviderEntry,
  ): Promise<BuildContext['StrategyClass']> {
    const mod = (await this.loadModule(entry.module)) as Record<
      string,
      unknown
    >;
    const exported =
      mod[entry.strategy] ??
      (entry.strategy === 'Strategy' ? mod : undefined) ??
      (mod.default as Record<string, unknown> | undefined)?.[entry.strategy];
    if (typeof exported !== 'function') {
      throw new Error(
        `providers.json: ${entry.name}.strategy: module "${entry.module}" exports no "${entry.strategy}"`,
      );
    }
    return exported as BuildContext['StrategyClass'];
  }
}

/** Secrets never sit in a map key in clear; a digest tells them apart. */
export function credentialsFingerprint(
  credentials: ProviderCredentials,
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        credentials.clientID,
        credentials.clientSecret,
        credentials.callbackURL,
        credentials.saml ?? null,
        credentials.applicationId ?? null,
      ]),
    )
    .digest('base64url');
}
