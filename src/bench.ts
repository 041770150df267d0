/**
 * `npm run bench`: throughput of the service on the embedded default, in
 * process. Prints requests per second and p99 latency of bearer-authenticated
 * `GET /users/me` and `GET /oauth/userinfo` beside unauthenticated
 * `GET /health` in the same run, their ratio (target: 0.85 or better),
 * password logins per second, complete authorization-code flows and
 * refresh-token rotations per second, HTTP Basic with the password, with
 * its auth token and bearer side by side (bench-basic.ts), the cost of
 * signing and verifying an access token with each TOKEN_SIGNING_ALG, and
 * `npm start`'s time to answer /health on a built tree (bench-start.ts),
 * and the service's RSS idle and under 200 connections (bench-memory.ts);
 * with BENCH_DATABASE_URL, the WAL a sign-in and a refresh write on
 * PostgreSQL (bench-wal.ts).
 * Figures are printed, never asserted: they depend on the machine.
 */
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {IdentityApplication} from './application';
import {
  combine,
  CONNECTIONS,
  DURATION_S,
  Figures,
  measure,
  row,
} from './bench-measure';
import {
  codeFlow,
  FLOW_LOOPS,
  givenOidcScene,
  measureOidc,
  OidcFigures,
} from './bench-oidc';
import {printSigningBench} from './bench-signing';
import {measureBasic, reportBasic} from './bench-basic';
import {measureStart, reportStart} from './bench-start';
import {measureMemory, reportMemory} from './bench-memory';
import {measureWal, reportWal} from './bench-wal';
import {AppConfig, loadConfig} from './config';
import {withoutRequestLimits} from './services/abuse/rate-limit-settings';

const ROUNDS = 3;
const ADMIN = {
  login: 'bench-admin@example.com',
  password: 'correct horse battery staple 43',
};

async function main(): Promise<void> {
  // First, while nothing else runs in this process.
  const start = await measureStart();
  const memory = await measureMemory();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-bench-'));
  const {app, config} = await startApp(dataDir);
  const base = app.restServer.url!;
  try {
    const email = 'bench@example.com';
    const password = 'correct horse battery staple 42';
    await post(`${base}/users`, {email, password});
    const login = {login: email, password};
    const token = await accessToken(base, login);
    const scene = await givenOidcScene(base, config.baseUrl, {
      owner: token,
      admin: await accessToken(base, ADMIN),
    });
    // The bearer token an application calls userinfo with.
    const signedIn = await codeFlow(scene, 'openid profile email');
    const rounds = await alternate(base, {
      me: {headers: {authorization: `Bearer ${token}`}},
      userinfo: {headers: {authorization: `Bearer ${signedIn.access_token}`}},
    });
    const logins = await measure(`${base}/auth/login`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify(login),
      connections: Math.min(CONNECTIONS, os.cpus().length * 2),
    });
    const oidc = await measureOidc(scene);
    const basic = await measureBasic(base, {login: email, password}, token);
    report(rounds, logins, oidc, config);
    reportBasic(basic);
    reportStart(start);
    reportMemory(memory);
    const walDatabase = process.env.BENCH_DATABASE_URL;
    reportWal(walDatabase ? await measureWal(walDatabase) : undefined);
  } finally {
    // Let the last requests autocannon abandoned finish their writes.
    await new Promise(resolve => setTimeout(resolve, 1000));
    await app.stop();
    fs.rmSync(dataDir, {
      recursive: true,
      force: true,
      maxRetries: 5,
      retryDelay: 200,
    });
  }
}

/**
 * The service on the embedded database in `dataDir`, without rate limits,
 * with an admin (who makes the benchmark's client first-party). Signs with
 * the environment's TOKEN_SIGNING_ALG when set, to compare algorithms end
 * to end.
 */
async function startApp(
  dataDir: string,
): Promise<{app: IdentityApplication; config: AppConfig}> {
  const {config} = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    APP_SECRET: 'bench-secret-0123456789-0123456789-abcdef',
    ADMIN_EMAIL: ADMIN.login,
    ADMIN_PASSWORD: ADMIN.password,
    ...(process.env.TOKEN_SIGNING_ALG
      ? {TOKEN_SIGNING_ALG: process.env.TOKEN_SIGNING_ALG}
      : {}),
  });
  // Benchmarks come from one address; rate limits would measure themselves.
  const app = new IdentityApplication(config, {
    rateLimits: withoutRequestLimits(),
  });
  await app.boot();
  await app.migrateSchema();
  await app.start();
  return {app, config};
}

type Round = {health: Figures; me: Figures; userinfo: Figures};
type BearerOptions = Record<'me' | 'userinfo', Partial<autocannon.Options>>;

/**
 * Warms the routes up (JIT, caches), then alternates them in rounds so
 * drift in the machine's load affects them alike.
 */
async function alternate(
  base: string,
  options: BearerOptions,
): Promise<Round[]> {
  const routes = (duration: number) => ({
    health: () => measure(`${base}/health`, {duration}),
    me: () => measure(`${base}/users/me`, {...options.me, duration}),
    userinfo: () =>
      measure(`${base}/oauth/userinfo`, {...options.userinfo, duration}),
  });
  const warmUp = routes(2);
  await warmUp.health();
  await warmUp.me();
  await warmUp.userinfo();
  const rounds: Round[] = [];
  const round = routes(Math.max(1, Math.round(DURATION_S / ROUNDS)));
  for (let i = 0; i < ROUNDS; i++) {
    rounds.push({
      health: await round.health(),
      me: await round.me(),
      userinfo: await round.userinfo(),
    });
  }
  return rounds;
}

function report(
  rounds: Round[],
  logins: Figures,
  oidc: OidcFigures,
  config: AppConfig,
): void {
  const health = combine(rounds.map(r => r.health));
  const me = combine(rounds.map(r => r.me));
  const userinfo = combine(rounds.map(r => r.userinfo));
  console.log(
    `\nidentity service benchmark: ${DURATION_S} s per route (in ${ROUNDS} alternating rounds, after a warm-up), ${CONNECTIONS} connections, Node ${process.version}, ${os.cpus().length} cores`,
  );
  console.log(row('GET /health', health));
  console.log(row('GET /users/me (bearer)', me));
  console.log(row('GET /oauth/userinfo (bearer)', userinfo));
  console.log(row('POST /auth/login (argon2id)', logins));
  console.log(
    `OAuth flows: ${FLOW_LOOPS} concurrent fetch loops, ${DURATION_S} s each after a warm-up, tokens signed with ${config.tokenSigningAlg}`,
  );
  console.log(row('code flow (authorize+token)', oidc.flows, 'flow'));
  console.log(row('POST /auth/token (refresh)', oidc.refreshes));
  const ratio = me.rps / health.rps;
  console.log(
    `CPU cost ratio /health : /users/me = ${(health.cpuUs / me.cpuUs).toFixed(2)} (less sensitive to other load on the machine)`,
  );
  console.log(
    `per round: ${rounds.map(r => (r.me.rps / r.health.rps).toFixed(2)).join(', ')}`,
  );
  console.log(
    `authenticated / health ratio: ${ratio.toFixed(2)} (target >= 0.85: ${ratio >= 0.85 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `userinfo / health ratio: ${(userinfo.rps / health.rps).toFixed(2)}, CPU cost ratio ${(health.cpuUs / userinfo.cpuUs).toFixed(2)}`,
  );
}

async function accessToken(base: string, login: object): Promise<string> {
  const body = (await post(`${base}/auth/login`, login)) as {
    access_token: string;
  };
  return body.access_token;
}

async function post(url: string, body: object): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify(body),
  });
  if (!res.ok)
    throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

if (require.main === module) {
  main()
    .then(() => printSigningBench())
    .catch(err => {
      console.error(err);
      process.exit(1);
    });
}
