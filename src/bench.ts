/**
 * `npm run bench`: throughput of the service on the embedded default, in
 * process. Prints requests per second and p99 latency of bearer-authenticated
 * `GET /users/me` beside unauthenticated `GET /health` in the same run, their
 * ratio (target: 0.85 or better), password logins per second, and the cost
 * of signing and verifying an access token with each TOKEN_SIGNING_ALG.
 * Figures are printed, never asserted: they depend on the machine.
 */
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {IdentityApplication} from './application';
import {printSigningBench} from './bench-signing';
import {withoutRequestLimits} from './services/abuse/rate-limit-settings';
import {loadConfig} from './config';

const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ROUNDS = 3;

interface Figures {
  rps: number;
  p99: number;
  non2xx: number;
  /** Process CPU time (server and load generator) per request, in µs. */
  cpuUs: number;
}

async function measure(
  url: string,
  options: Partial<autocannon.Options> = {},
): Promise<Figures> {
  const cpuBefore = process.cpuUsage();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION_S,
    ...options,
  });
  const cpu = process.cpuUsage(cpuBefore);
  return {
    rps: result.requests.average,
    p99: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
    cpuUs: (cpu.user + cpu.system) / Math.max(1, result.requests.total),
  };
}

/** Mean throughput, worst p99 and all errors of several runs of a route. */
function combine(runs: Figures[]): Figures {
  return {
    rps: runs.reduce((sum, r) => sum + r.rps, 0) / runs.length,
    p99: Math.max(...runs.map(r => r.p99)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    cpuUs: runs.reduce((sum, r) => sum + r.cpuUs, 0) / runs.length,
  };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-bench-'));
  const app = await startApp(dataDir);
  const base = app.restServer.url!;
  try {
    const email = 'bench@example.com';
    const password = 'correct horse battery staple 42';
    await post(`${base}/users`, {email, password});
    const login = {login: email, password};
    const {access_token: token} = (await post(`${base}/auth/login`, login)) as {
      access_token: string;
    };
    const rounds = await alternate(base, {
      headers: {authorization: `Bearer ${token}`},
    });
    const logins = await measure(`${base}/auth/login`, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: JSON.stringify(login),
      connections: Math.min(CONNECTIONS, os.cpus().length * 2),
    });
    report(rounds, logins);
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

/** The service on the embedded database in `dataDir`, without rate limits. */
async function startApp(dataDir: string): Promise<IdentityApplication> {
  const {config} = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    APP_SECRET: 'bench-secret-0123456789-0123456789-abcdef',
  });
  // Benchmarks come from one address; rate limits would measure themselves.
  const app = new IdentityApplication(config, {
    rateLimits: withoutRequestLimits(),
  });
  await app.boot();
  await app.migrateSchema();
  await app.start();
  return app;
}

type Round = {health: Figures; me: Figures};

/**
 * Warms both routes up (JIT, caches), then alternates them in rounds so
 * drift in the machine's load affects both alike.
 */
async function alternate(
  base: string,
  meOptions: Partial<autocannon.Options>,
): Promise<Round[]> {
  await measure(`${base}/health`, {duration: 2});
  await measure(`${base}/users/me`, {...meOptions, duration: 2});
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const roundDuration = Math.max(1, Math.round(DURATION_S / ROUNDS));
    rounds.push({
      health: await measure(`${base}/health`, {duration: roundDuration}),
      me: await measure(`${base}/users/me`, {
        ...meOptions,
        duration: roundDuration,
      }),
    });
  }
  return rounds;
}

function report(rounds: Round[], logins: Figures): void {
  const health = combine(rounds.map(r => r.health));
  const me = combine(rounds.map(r => r.me));
  const row = (name: string, f: Figures) =>
    `${name.padEnd(28)} ${f.rps.toFixed(0).padStart(8)} req/s   p99 ${String(f.p99).padStart(5)} ms   CPU ${f.cpuUs.toFixed(0).padStart(5)} µs/req   errors ${f.non2xx}`;
  console.log(
    `\nidentity service benchmark: ${DURATION_S} s per route (in ${ROUNDS} alternating rounds, after a warm-up), ${CONNECTIONS} connections, Node ${process.version}, ${os.cpus().length} cores`,
  );
  console.log(row('GET /health', health));
  console.log(row('GET /users/me (bearer)', me));
  console.log(row('POST /auth/login (argon2id)', logins));
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
