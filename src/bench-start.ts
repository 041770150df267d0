/**
 * `npm run bench`, start and stop (issue 14): how long `npm start` on a
 * built tree takes to answer `GET /health`, as an operator restarting a
 * node sees it, and how long SIGTERM takes to close the port. One warm-up
 * start creates the data folder (secret, signing keys); the measured starts
 * reuse it, like a restart. `BENCH_START_RUNS` (default 5) sets the count.
 * Also alone: `node dist/bench-start` (after a build).
 */
import {ChildProcess, spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const RUNS = Number(process.env.BENCH_START_RUNS ?? 5);

interface StartFigures {
  startMs: number[];
  stopMs: number[];
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

async function until(test: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 120000;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error('bench-start: gave up');
    await new Promise(resolve => setTimeout(resolve, 10));
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

async function refused(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** One `npm start`: ms to /health, then ms from SIGTERM to a closed port. */
async function startOnce(dataDir: string): Promise<[number, number]> {
  const port = await freePort();
  const started = performance.now();
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
    },
    stdio: 'ignore',
    // Its own process group: SIGTERM reaches npm and the service alike,
    // as Ctrl-C in a terminal does.
    detached: true,
  });
  child.on('error', err => console.error('bench-start:', err.message));
  await until(() => healthy(`http://127.0.0.1:${port}/health`));
  const startMs = performance.now() - started;
  const signalled = performance.now();
  process.kill(-child.pid!, 'SIGTERM');
  await until(() => refused(port));
  return [startMs, performance.now() - signalled];
}

export async function measureStart(): Promise<StartFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-start-'));
  const figures: StartFigures = {startMs: [], stopMs: []};
  try {
    await startOnce(dataDir); // warm-up: creates the secret and keys
    for (let i = 0; i < RUNS; i++) {
      const [start, stop] = await startOnce(dataDir);
      figures.startMs.push(start);
      figures.stopMs.push(stop);
      await new Promise(resolve => setTimeout(resolve, 300));
    }
  } finally {
    fs.rmSync(dataDir, {recursive: true, force: true, maxRetries: 5});
  }
  return figures;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export function reportStart(figures: StartFigures): void {
  const ms = (values: number[]) => values.map(v => v.toFixed(0)).join(', ');
  console.log(
    `\`npm start\` on a built tree to GET /health 200: median ${median(figures.startMs).toFixed(0)} ms (runs: ${ms(figures.startMs)}; target < 1000 ms)`,
  );
  console.log(
    `SIGTERM to a closed port: median ${median(figures.stopMs).toFixed(0)} ms (runs: ${ms(figures.stopMs)})`,
  );
}

if (require.main === module) {
  measureStart().then(reportStart, err => {
    console.error(err);
    process.exit(1);
  });
}
