import {Request} from '@loopback/rest';
import {Strategy} from 'passport';
import {
  ProviderCredentials,
  ProviderEntry,
} from '../../../config/provider-entry';
import {Clock} from '../../platform/clock';
import {
  mapProfile,
  PassportProfileLike,
  profileFamily,
} from '../profile-mappers';
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
  const family = profileFamily(entry);
  const options: Record<string, unknown> = {
    // GitHub drops each address's `verified` flag unless asked for them all.
    ...(family === 'github' ? {allRawEmails: true} : {}),
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
            mapProfile(family, profile ?? {}),
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
  if (entry.module === 'passport-oauth2') useProfileURL(strategy, entry);
  strategy.name = entry.name;
  return strategy;
}

/** An oAuth 1.0a strategy (passport-oauth1 and the modules built on it). */
export function buildOAuth1Strategy(
  ctx: BuildContext,
  requestTokenStore: object,
): Strategy {
  const {entry, credentials} = ctx;
  const strategy = new ctx.StrategyClass(
    {
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
          providerLogin(
            entry,
            mapProfile(profileFamily(entry), profile ?? {}),
            {accessToken: token, tokenSecret},
          ),
        ctx.verify,
        done,
      ),
  );
  strategy.name = entry.name;
  return strategy;
}

interface OAuth2Client {
  useAuthorizationHeaderforGET(use: boolean): void;
  get(
    url: string,
    token: string,
    cb: (err: unknown, body?: string | Buffer) => void,
  ): void;
}

/**
 * passport-oauth2 alone fetches no profile. With `profileURL` in the entry,
 * the generic strategy reads one from there, so any OAuth 2.0 provider with
 * a JSON user endpoint works without a dedicated module.
 */
function useProfileURL(strategy: Strategy, entry: ProviderEntry): void {
  const url = entry.options.profileURL ?? entry.options.userProfileURL;
  if (typeof url !== 'string') return;
  const target = strategy as Strategy & {
    _oauth2: OAuth2Client;
    userProfile: (token: string, done: Function) => void;
  };
  target._oauth2.useAuthorizationHeaderforGET(true);
  target.userProfile = (token, done) =>
    target._oauth2.get(url, token, (err, body) => {
      if (err)
        return done(new Error(`Failed to fetch the profile from ${url}`));
      try {
        done(null, genericProfile(JSON.parse(String(body))));
      } catch (parseError) {
        done(parseError);
      }
    });
}

function genericProfile(json: Record<string, unknown>): PassportProfileLike {
  const email = json.email;
  const verified = json.email_verified ?? json.verified_email;
  return {
    id: json.id ?? json.sub,
    displayName: json.name,
    username: json.preferred_username ?? json.login ?? json.username,
    emails: email ? [{value: email, verified: verified === true}] : [],
    photos: [{value: json.picture ?? json.avatar_url}],
  };
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
