import type {Grant, GrantContext} from 'oidc-provider';
import {exportJWK, generateKeyPair} from 'jose';
import {randomBytes} from 'node:crypto';
import http from 'node:http';
import {close, listen, origin} from './listen';

/** The scopes the service asks for; granted without a consent screen. */
const DEMO_SCOPE = 'openid email profile';

export interface DemoOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  stop(): Promise<void>;
}

export interface DemoOidcOptions {
  port: number;
  host: string;
  /** The host the browser and the service use to reach it. */
  publicHost: string;
  /** The service's callback URL for this provider. */
  redirectUri: string;
}

/**
 * Claims for whatever a person typed as the login on the development login
 * page: an email address is shared as a verified email; anything else is
 * only a name, so the service creates an account without email.
 */
export function demoClaims(login: string): Record<string, unknown> {
  const text = login.trim();
  const email = /^[^\s@]+@[^\s@]+$/.test(text) ? text.toLowerCase() : undefined;
  const local = (email ?? text).split('@')[0] ?? text;
  const name = local
    .split(/[._-]+/)
    .filter(Boolean)
    .map(part => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
  return {
    sub: login,
    name: name || text,
    preferred_username: local,
    ...(email ? {email, email_verified: true} : {}),
  };
}

/**
 * panva's oidc-provider with its development interactions: the login page
 * accepts any login and password. The one client (this service) is
 * first-party, so consent is granted without asking (oidc-provider's
 * "skip consent" recipe), and each sign-in asks for a login again because
 * the service sends `prompt=login`.
 */
export async function startDemoOidcProvider(
  options: DemoOidcOptions,
): Promise<DemoOidcProvider> {
  // ESM-only; Node 22.12+ and 24 load it through require().
  const {default: Provider} = await import('oidc-provider');
  const clientId = 'identity-demo';
  const clientSecret = randomBytes(24).toString('base64url');
  const {privateKey} = await generateKeyPair('RS256', {extractable: true});
  const jwk = {...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig'};

  let handler: http.RequestListener = (_req, res) => res.end();
  const server = http.createServer((req, res) => handler(req, res));
  const port = await listen(server, options.port, options.host);
  const issuer = origin(options.publicHost, port);
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        client_name: 'Identity service (demo)',
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
    },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => demoClaims(sub),
    }),
    loadExistingGrant: grantForDemoClient,
    jwks: {keys: [jwk]},
    cookies: {keys: [randomBytes(32).toString('base64url')]},
    features: {devInteractions: {enabled: true}},
    pkce: {required: () => true},
    // Set, so oidc-provider does not print a notice for each default.
    ttl: {
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
      AccessToken: 600,
      IdToken: 600,
    },
  });
  handler = provider.callback();
  return {issuer, clientId, clientSecret, stop: () => close(server)};
}

/** The existing grant of this account, or a new one with the demo's scopes. */
async function grantForDemoClient(
  ctx: GrantContext,
): Promise<Grant | undefined> {
  const {provider, client, account, session, result} = ctx.oidc;
  if (!client || !account) return undefined;
  const grantId =
    result?.consent?.grantId ?? session?.grantIdFor(client.clientId);
  const existing = grantId ? await provider.Grant.find(grantId) : undefined;
  // A new login on the same browser may be another person.
  if (existing?.accountId === account.accountId) return existing;
  const grant = new provider.Grant({
    accountId: account.accountId,
    clientId: client.clientId,
  });
  grant.addOIDCScope(DEMO_SCOPE);
  await grant.save();
  return grant;
}
