/**
 * `npm run bench`, HTTP Basic (issue 15): `GET /users/me` with the password
 * (argon2id on every request), with the auth token the password answers
 * (RESTHeart's Auth-Token), and with a bearer token, side by side. The
 * token and the bearer runs alternate in rounds so drift in the machine's
 * load affects them alike. Target: the token within 10% of bearer.
 */
import os from 'node:os';
import {
  combine,
  CONNECTIONS,
  DURATION_S,
  Figures,
  measure,
  row,
} from './bench-measure';

const ROUNDS = 3;

export interface BasicFigures {
  password: Figures;
  token: Figures;
  bearer: Figures;
}

function basic(login: string, secret: string): string {
  return `Basic ${Buffer.from(`${login}:${secret}`).toString('base64')}`;
}

/** The auth token a Basic request with the password answers. */
async function authToken(base: string, login: string, password: string) {
  const res = await fetch(`${base}/users/me`, {
    headers: {authorization: basic(login, password)},
  });
  const token = res.headers.get('auth-token');
  if (!res.ok || !token) {
    throw new Error(
      `Basic with the password answered ${res.status} and no Auth-Token`,
    );
  }
  return token;
}

export async function measureBasic(
  base: string,
  credentials: {login: string; password: string},
  bearerToken: string,
): Promise<BasicFigures> {
  const {login, password} = credentials;
  const token = await authToken(base, login, password);
  const url = `${base}/users/me`;
  const withToken = {headers: {authorization: basic(login, token)}};
  const withBearer = {headers: {authorization: `Bearer ${bearerToken}`}};
  const duration = Math.max(1, Math.round(DURATION_S / ROUNDS));
  await measure(url, {...withToken, duration: 2});
  const tokens: Figures[] = [];
  const bearers: Figures[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    tokens.push(await measure(url, {...withToken, duration}));
    bearers.push(await measure(url, {...withBearer, duration}));
  }
  const passwordRun = await measure(url, {
    headers: {authorization: basic(login, password)},
    connections: Math.min(CONNECTIONS, os.cpus().length * 2),
  });
  return {
    password: passwordRun,
    token: combine(tokens),
    bearer: combine(bearers),
  };
}

export function reportBasic(figures: BasicFigures): void {
  console.log('HTTP Basic, GET /users/me:');
  console.log(row('Basic with the password (argon2id)', figures.password));
  console.log(row('Basic with the auth token', figures.token));
  console.log(row('bearer access token', figures.bearer));
  const ratio = figures.token.rps / figures.bearer.rps;
  console.log(
    `auth token / bearer ratio: ${ratio.toFixed(2)} (target >= 0.90: ${ratio >= 0.9 ? 'met' : 'NOT met'}); auth token / password: ${(figures.token.rps / Math.max(1, figures.password.rps)).toFixed(0)}x`,
  );
}
