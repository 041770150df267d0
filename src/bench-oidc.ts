/**
 * The OpenID Provider's part of `npm run bench`: complete authorization-code
 * flows of a first-party client whose browser already holds the service's
 * sign-in cookie (GET /oauth/authorize → 302 with a code → POST /auth/token
 * with the PKCE verifier), and rotating refresh-token grants. Plain fetch
 * (undici) in a few concurrent loops, the calls a client makes.
 */
import {createHash, randomBytes} from 'node:crypto';
import {DURATION_S, Figures, runLoops} from './bench-measure';

/** How many loops `measureOidc` runs at once. */
export const FLOW_LOOPS = Number(process.env.BENCH_FLOW_LOOPS ?? 4);
const WARM_UP_S = 2;
const REDIRECT_URI = 'http://127.0.0.1:9/bench-callback';

/** A first-party client and a browser signed in to the service. */
export interface OidcScene {
  /** Where the service listens. */
  base: string;
  clientId: string;
  /** The browser sign-in cookie, `name=value`. */
  cookie: string;
}

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
}

/**
 * Registers a public client as the holder of `ownerToken`, which the admin
 * makes first-party (no consent asked; a refresh token without
 * offline_access), and opens the browser sign-in with the owner's `web`
 * token from the page's origin, as the hosted page does.
 */
export async function givenOidcScene(
  base: string,
  origin: string,
  tokens: {owner: string; admin: string},
): Promise<OidcScene> {
  const created = await callJson(base, 'POST', '/applications', tokens.owner, {
    name: 'Bench client',
    type: 'public',
    redirectUris: [REDIRECT_URI],
  });
  const clientId = created.id as string;
  await callJson(base, 'PATCH', `/applications/${clientId}`, tokens.admin, {
    firstParty: true,
  });
  const opened = await fetch(`${base}/oauth/browser-session`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${tokens.owner}`,
      origin,
      'content-type': 'application/json',
    },
    body: '{}',
  });
  await expectOk(opened, '/oauth/browser-session');
  const cookie = opened.headers
    .getSetCookie()
    .map(line => line.split(';')[0]!)
    .find(pair => /^(__Host-)?identity-sign-in=./.test(pair));
  if (!cookie) throw new Error('/oauth/browser-session set no sign-in cookie');
  return {base, clientId, cookie};
}

/** One complete flow: authorize with the cookie, then trade the code. */
export async function codeFlow(
  scene: OidcScene,
  scope = 'openid',
): Promise<TokenResponse> {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(8).toString('hex');
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: scene.clientId,
    redirect_uri: REDIRECT_URI,
    scope,
    state,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const authorized = await fetch(`${scene.base}/oauth/authorize?${query}`, {
    redirect: 'manual',
    headers: {cookie: scene.cookie},
  });
  await authorized.arrayBuffer();
  const location = new URL(authorized.headers.get('location') ?? 'none:');
  const code = location.searchParams.get('code');
  if (!code || location.searchParams.get('state') !== state) {
    throw new Error(`authorize answered ${authorized.status} to ${location}`);
  }
  return tokenRequest(scene.base, {
    grant_type: 'authorization_code',
    code,
    client_id: scene.clientId,
    redirect_uri: REDIRECT_URI,
    code_verifier: verifier,
  });
}

/** Rotates `refreshToken`; answers the new one. */
export async function refreshOnce(
  scene: OidcScene,
  refreshToken: string,
): Promise<string> {
  const tokens = await tokenRequest(scene.base, {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: scene.clientId,
  });
  return refreshTokenOf(tokens);
}

export interface OidcFigures {
  flows: Figures;
  refreshes: Figures;
}

/**
 * Complete code flows per second, then refresh-token rotations per second
 * (each loop rotating its own chain, started by a flow outside the timing),
 * each after a short warm-up.
 */
export async function measureOidc(scene: OidcScene): Promise<OidcFigures> {
  const none = async () => undefined;
  const flow = async () => {
    await codeFlow(scene);
  };
  await runLoops(FLOW_LOOPS, WARM_UP_S, none, flow);
  const flows = await runLoops(FLOW_LOOPS, DURATION_S, none, flow);
  const chain = async () => refreshTokenOf(await codeFlow(scene));
  const rotate = (token: string) => refreshOnce(scene, token);
  await runLoops(FLOW_LOOPS, WARM_UP_S, chain, rotate);
  const refreshes = await runLoops(FLOW_LOOPS, DURATION_S, chain, rotate);
  return {flows, refreshes};
}

function refreshTokenOf(tokens: TokenResponse): string {
  if (!tokens.refresh_token) throw new Error('no refresh token issued');
  return tokens.refresh_token;
}

async function tokenRequest(
  base: string,
  form: Record<string, string>,
): Promise<TokenResponse> {
  const response = await fetch(`${base}/auth/token`, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams(form),
  });
  await expectOk(response, '/auth/token');
  return (await response.json()) as TokenResponse;
}

async function callJson(
  base: string,
  method: string,
  path: string,
  token: string,
  body: object,
): Promise<Record<string, unknown>> {
  const response = await fetch(base + path, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  await expectOk(response, path);
  return (await response.json()) as Record<string, unknown>;
}

async function expectOk(response: Response, what: string): Promise<void> {
  if (response.ok) return;
  throw new Error(
    `${what} answered ${response.status}: ${await response.text()}`,
  );
}
