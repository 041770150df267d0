import {Request} from '@loopback/rest';
import type * as OpenIdClient from 'openid-client';
import type * as OpenIdPassport from 'openid-client/build/passport';
import {Strategy} from 'passport';
import {
  ProviderCredentials,
  ProviderEntry,
} from '../../../config/provider-entry';
import {Clock} from '../../platform/clock';
import {
  expiresAt,
  finishVerify,
  providerLogin,
  ProviderLogin,
  ProviderVerify,
} from '../provider-login';

/** Loads a module by name: `require`, or a replacement in tests. */
export type ModuleLoader = (name: string) => Promise<unknown>;

export interface OidcBuildContext {
  entry: ProviderEntry & {issuer: string};
  credentials: ProviderCredentials;
  verify: ProviderVerify;
  clock: Clock;
  loadModule: ModuleLoader;
}

/**
 * An OpenID Connect strategy from openid-client's Passport module: the
 * issuer's metadata is discovered, the ID token checked by openid-client,
 * and the claims completed from the userinfo endpoint (many providers put
 * only `sub` in the ID token when an access token is issued).
 *
 * openid-client keeps its PKCE verifier and nonce in `req.session[sessionKey]`
 * between the redirect and the callback; the caller supplies that object.
 */
export async function buildOidcStrategy(
  ctx: OidcBuildContext,
): Promise<Strategy> {
  const {entry, credentials} = ctx;
  // ESM-only packages; Node 22.12+ and 24 load them through require().
  const client = (await ctx.loadModule('openid-client')) as typeof OpenIdClient;
  const passport = (await ctx.loadModule(
    'openid-client/passport',
  )) as typeof OpenIdPassport;

  const issuer = new URL(entry.issuer);
  const config = await client.discovery(
    issuer,
    credentials.clientID,
    undefined,
    clientAuth(client, entry.options.tokenEndpointAuthMethod, credentials),
    // The loader only accepts http issuers on loopback hosts (local tests).
    issuer.protocol === 'http:'
      ? {execute: [client.allowInsecureRequests]}
      : {},
  );

  const strategy = new passport.Strategy(
    {
      config,
      name: entry.name,
      sessionKey: `oidc:${entry.name}`,
      callbackURL: credentials.callbackURL,
      scope: entry.scope.join(' '),
      passReqToCallback: true,
    },
    (req, tokens, verified) =>
      finishVerify(
        req as unknown as Request,
        () => readLogin(ctx, client, config, tokens),
        ctx.verify,
        (err, user) => verified(err as Error, user),
      ),
  );
  return strategy as unknown as Strategy;
}

/**
 * The login a callback brings: the ID token's claims, completed from the
 * userinfo endpoint when the issuer has one.
 */
async function readLogin(
  {entry, clock}: OidcBuildContext,
  client: typeof OpenIdClient,
  config: OpenIdClient.Configuration,
  tokens: OpenIdClient.TokenEndpointResponse &
    OpenIdClient.TokenEndpointResponseHelpers,
): Promise<ProviderLogin> {
  const hasUserInfo = Boolean(config.serverMetadata().userinfo_endpoint);
  const claims: Record<string, unknown> = tokens.claims() ?? {};
  const userInfo =
    hasUserInfo && typeof claims.sub === 'string'
      ? await client.fetchUserInfo(config, tokens.access_token, claims.sub)
      : {};
  return providerLogin(
    entry,
    entry.vendor.mapProfile({...userInfo, ...claims}),
    {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token,
      idToken: tokens.id_token,
      scope: tokens.scope,
      expiresAt: expiresAt(tokens.expires_in, clock.now()),
    },
  );
}

/** `client_secret_basic` unless the entry says otherwise, as OIDC defaults. */
function clientAuth(
  client: typeof OpenIdClient,
  method: unknown,
  credentials: ProviderCredentials,
): OpenIdClient.ClientAuth {
  switch (method) {
    case 'client_secret_post':
      return client.ClientSecretPost(credentials.clientSecret);
    case 'none':
      return client.None();
    default:
      return client.ClientSecretBasic(credentials.clientSecret);
  }
}
