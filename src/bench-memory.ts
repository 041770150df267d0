/**
 * `npm run bench`, memory (issue 14): the resident set size of the service
 * as an operator runs it (the command line of package.json's start script,
 * V8 flags included, on a built tree, embedded database), read from /proc:
 * idle after start, idle after a first sign-up and sign-in, then the peak
 * and the end of 10 s of 200 connections on bearer `GET /users/me`, the
 * load coming from this process.
 * Targets: idle <= 120 MB, loaded <= 250 MB. Linux only (it reads /proc).
 * Also alone: `node dist/bench-memory` (after a build).
 */
import autocannon from 'autocannon';
import {ChildProcess, spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {startCommand} from './start-command';

const ROOT = path.resolve(__dirname, '..');
const CONNECTIONS = 200;
const LOAD_S = 10;

export interface MemoryFigures {
  command: string;
  startedMb: number;
  idleMb: number;
  peakMb: number;
  afterMb: number;
  rps: number;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** The process's resident set size in MB, from /proc. */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

async function waitForHealth(base: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('bench-memory: no /health');
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

async function post(url: string, body: object): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

export async function measureMemory(): Promise<MemoryFigures | undefined> {
  if (!fs.existsSync('/proc/self/status')) return undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-memory-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const start = startCommand();
  const child: ChildProcess = spawn(process.execPath, start.args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    await waitForHealth(base);
    await new Promise(resolve => setTimeout(resolve, 3000));
    const startedMb = rssMb(child.pid!);
    const login = {
      login: 'memory@example.com',
      password: 'correct horse battery staple 44',
    };
    await post(`${base}/users`, {email: login.login, password: login.password});
    const {access_token: token} = (await post(`${base}/auth/login`, login)) as {
      access_token: string;
    };
    await new Promise(resolve => setTimeout(resolve, 2000));
    const idleMb = rssMb(child.pid!);
    let peakMb = idleMb;
    const sampler = setInterval(() => {
      peakMb = Math.max(peakMb, rssMb(child.pid!));
    }, 200);
    const result = await autocannon({
      url: `${base}/users/me`,
      connections: CONNECTIONS,
      duration: LOAD_S,
      headers: {authorization: `Bearer ${token}`},
    });
    clearInterval(sampler);
    return {
      command: start.command,
      startedMb,
      idleMb,
      peakMb,
      afterMb: rssMb(child.pid!),
      rps: result.requests.average,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise(resolve => child.once('exit', resolve));
    fs.rmSync(dataDir, {recursive: true, force: true, maxRetries: 5});
  }
}

export function reportMemory(figures: MemoryFigures | undefined): void {
  if (!figures) {
    console.log('memory: not measured (no /proc on this system)');
    return;
  }
  const mb = (value: number) => `${value.toFixed(0)} MB`;
  console.log(
    `memory of \`${figures.command}\` (RSS): idle ${mb(figures.startedMb)} 3 s after start, ${mb(figures.idleMb)} after a first sign-up and sign-in (target <= 120 MB); ${CONNECTIONS} connections for ${LOAD_S} s on GET /users/me (${figures.rps.toFixed(0)} req/s): peak ${mb(figures.peakMb)} (target <= 250 MB), after ${mb(figures.afterMb)}`,
  );
}

if (require.main === module) {
  measureMemory().then(reportMemory, err => {
    console.error(err);
    process.exit(1);
  });
}
