import {Request} from '@loopback/rest';
import {Strategy} from 'passport';
import {
  ProviderCredentials,
  ProviderEntry,
} from '../../../config/provider-entry';
import {Clock} from '../../platform/clock';
import {PassportProfileLike} from '../profile-mappers';
import {
  expiresAt,
  finishVerify,
  providerLogin,
  ProviderVerify,
  VerifyDone,
} from '../provider-login';

/** What a builder needs besides the entry. */
export interface BuildContext {
  entry: ProviderEntry;
  credentials: ProviderCredentials;
  verify: ProviderVerify;
  clock: Clock;
  /** The strategy class exported by the entry's module. */
  StrategyClass: new (options: object, verify: Function) => Strategy;
}

type Params = Record<string, unknown>;

/**
 * An OAuth 2.0 strategy (passport-oauth2 and the modules built on it). The
 * caller may add `store` (passport-oauth2's state store) in `extra`; without
 * one, `pkce` keeps its verifier in `req.session`, which the caller provides.
 */
export function buildOAuth2Strategy(
  ctx: BuildContext,
  extra: Record<string, unknown> = {},
): Strategy {
  const {entry, credentials, clock} = ctx;
  const {vendor} = entry;
  const options: Record<string, unknown> = {
    ...vendor.strategyOptions,
    ...entry.options,
    clientID: credentials.clientID,
    clientSecret: credentials.clientSecret,
    callbackURL: credentials.callbackURL,
    passReqToCallback: true,
    ...(entry.scope.length ? {scope: [...entry.scope]} : {}),
    ...(entry.pkce ? {pkce: true, state: true} : {}),
    ...extra,
  };
  const strategy = new ctx.StrategyClass(
    options,
    // Six parameters: passport-oauth2 passes `params` (expires_in, id_token) only then.
    (
      req: Request,
      accessToken: string,
      refreshToken: string | undefined,
      params: Params,
      profile: PassportProfileLike,
      done: VerifyDone,
    ) =>
      finishVerify(
        req,
        () =>
          providerLogin(
            entry,
            vendor.mapProfile(profile ?? {}),
            compactTokens({
              accessToken,
              // Some providers send an empty string for "no refresh token".
              refreshToken: refreshToken === '' ? undefined : refreshToken,
              idToken: stringParam(params, 'id_token'),
              scope: stringParam(params, 'scope'),
              expiresAt: expiresAt(params?.expires_in, clock.now()),
            }),
          ),
        ctx.verify,
        done,
      ),
  );
  vendor.adaptStrategy?.(strategy, entry);
  strategy.name = entry.name;
  return strategy;
}

/** An oAuth 1.0a strategy (passport-oauth1 and the modules built on it). */
export function buildOAuth1Strategy(
  ctx: BuildContext,
  requestTokenStore: object,
): Strategy {
  const {entry, credentials} = ctx;
  const {vendor} = entry;
  const strategy = new ctx.StrategyClass(
    {
      ...vendor.strategyOptions,
      ...entry.options,
      consumerKey: credentials.clientID,
      consumerSecret: credentials.clientSecret,
      callbackURL: credentials.callbackURL,
      passReqToCallback: true,
      requestTokenStore,
    },
    (
      req: Request,
      token: string,
      tokenSecret: string,
      _params: Params,
      profile: PassportProfileLike,
      done: VerifyDone,
    ) =>
      finishVerify(
        req,
        () =>
          providerLogin(entry, vendor.mapProfile(profile ?? {}), {
            accessToken: token,
            tokenSecret,
          }),
        ctx.verify,
        done,
      ),
  );
  vendor.adaptStrategy?.(strategy, entry);
  strategy.name = entry.name;
  return strategy;
}

function stringParam(params: Params | undefined, key: string) {
  const value = params?.[key];
  return typeof value === 'string' && value ? value : undefined;
}

function compactTokens<T extends object>(tokens: T): T {
  return Object.fromEntries(
    Object.entries(tokens).filter(([, v]) => v !== undefined),
  ) as T;
}
