/**
 * How `npm run bench` measures: autocannon for one route hammered with one
 * request, and a few concurrent fetch loops for multi-step work (a flow, a
 * chain of rotations) that autocannon cannot express. Both report the same
 * figures, so one table prints them.
 */
import autocannon from 'autocannon';

export const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);

export interface Figures {
  rps: number;
  p99: number;
  non2xx: number;
  /** Process CPU time (server and load generator) per request, in µs. */
  cpuUs: number;
}

export async function measure(
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
export function combine(runs: Figures[]): Figures {
  return {
    rps: runs.reduce((sum, r) => sum + r.rps, 0) / runs.length,
    p99: Math.max(...runs.map(r => r.p99)),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    cpuUs: runs.reduce((sum, r) => sum + r.cpuUs, 0) / runs.length,
  };
}

/**
 * Runs `loops` concurrent loops for `seconds`, each repeating `step` on
 * its own state (made by `start`, outside the timed part). A step that
 * throws counts as an error and its loop starts over from a fresh state,
 * so one broken chain does not stop the measurement.
 */
export async function runLoops<S>(
  loops: number,
  seconds: number,
  start: () => Promise<S>,
  step: (state: S) => Promise<S>,
): Promise<Figures> {
  const states = await Promise.all(Array.from({length: loops}, start));
  const latencies: number[] = [];
  let errors = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async (initial: S) => {
    let state = initial;
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        state = await step(state);
        latencies.push(performance.now() - t0);
      } catch (err) {
        // The first failure says why; the count says how often.
        if (errors++ === 0) console.warn(`bench: ${(err as Error).message}`);
        state = await start();
      }
    }
  };
  await Promise.all(states.map(loop));
  const elapsedS = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    rps: latencies.length / elapsedS,
    p99: percentile(latencies, 0.99),
    non2xx: errors,
    cpuUs: (cpu.user + cpu.system) / Math.max(1, latencies.length),
  };
}

/** The `q` quantile in ms, to 0.1 ms (autocannon's p99 is whole ms). */
function percentile(values: number[], q: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return Math.round(sorted[at]! * 10) / 10;
}

/** One row of the printed table; `unit` names what `f` counts. */
export function row(name: string, f: Figures, unit = 'req'): string {
  return `${name.padEnd(28)} ${f.rps.toFixed(0).padStart(8)} ${`${unit}/s`.padEnd(7)} p99 ${String(f.p99).padStart(5)} ms   CPU ${f.cpuUs.toFixed(0).padStart(5)} µs/${unit.padEnd(5)} errors ${f.non2xx}`;
}
