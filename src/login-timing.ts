/**
 * `npm run login-timing`: does a wrong password take longer for an existing
 * account than for an unknown login? In process, on the embedded database,
 * it alternates the two (which goes first alternates too, so drift in the
 * machine's load affects both alike) and prints the paired differences.
 * Figures are printed, never asserted: they depend on the machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {IdentityApplication} from './application';
import {loadConfig} from './config';
import {IdentityBindings} from './keys';
import {PasswordLoginService} from './services/accounts/password-login.service';
import {PasswordService} from './services/accounts/password.service';

const PAIRS = Number(process.env.TIMING_PAIRS ?? 400);
const WARM_UP = 20;
const WRONG = 'not the password at all 99';
/**
 * `TIMING_ARGON2=light` hashes with tiny argon2id parameters (on both
 * paths alike): the hash dominates the time and its jitter on a busy
 * machine hides sub-millisecond differences in everything else.
 */
const LIGHT = process.env.TIMING_ARGON2 === 'light';

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'identity-timing-'));
  const {config} = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    APP_SECRET: 'timing-secret-0123456789-0123456789-abcdef',
  });
  // Every guess comes from one address and hits one account: lift the
  // limits that would otherwise change the path after a few tries (the
  // bookkeeping itself still runs).
  const app = new IdentityApplication(config, {
    rateLimits: {
      passwordFailuresPerIp: {points: Number.MAX_SAFE_INTEGER, durationSec: 1},
      lockout: {threshold: Number.MAX_SAFE_INTEGER},
    },
  });
  if (LIGHT) {
    app
      .bind(IdentityBindings.PASSWORD_SERVICE)
      .to(new PasswordService({memoryCost: 1024, timeCost: 1}));
  }
  await app.boot();
  await app.migrateSchema();
  try {
    const email = 'timing@example.com';
    const accounts = await app.get(IdentityBindings.ACCOUNT_SERVICE);
    await accounts.signUp({email, password: 'correct horse battery staple 42'});
    const logins = await app.get(IdentityBindings.PASSWORD_LOGIN_SERVICE);
    const diffs: number[] = [];
    for (let i = 0; i < WARM_UP + PAIRS; i++) {
      const unknown = `nobody-${i}@example.com`;
      let known: number, missing: number;
      if (i % 2 === 0) {
        known = await timeFailure(logins, email);
        missing = await timeFailure(logins, unknown);
      } else {
        missing = await timeFailure(logins, unknown);
        known = await timeFailure(logins, email);
      }
      if (i >= WARM_UP) diffs.push(known - missing);
    }
    report(diffs);
  } finally {
    await app.stop();
    fs.rmSync(dataDir, {recursive: true, force: true});
  }
}

/** Milliseconds a wrong-password login for `login` takes to be refused. */
async function timeFailure(
  logins: PasswordLoginService,
  login: string,
): Promise<number> {
  const start = process.hrtime.bigint();
  await logins
    .login({login, password: WRONG}, {ip: '192.0.2.1'})
    .then(() => {
      throw new Error('the wrong password was accepted');
    })
    .catch((err: {code?: string}) => {
      if (err.code !== 'INVALID_CREDENTIALS') throw err;
    });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function report(diffs: number[]): void {
  const sorted = [...diffs].sort((a, b) => a - b);
  const mean = diffs.reduce((s, d) => s + d, 0) / diffs.length;
  const sd = Math.sqrt(
    diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / (diffs.length - 1),
  );
  const half = (1.96 * sd) / Math.sqrt(diffs.length);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  // Another process taking the CPU mid-sample makes outliers of either
  // sign; the trimmed mean (middle 80 %) is steadier than the mean.
  const cut = Math.floor(sorted.length / 10);
  const middle = sorted.slice(cut, sorted.length - cut);
  const trimmed = middle.reduce((s, d) => s + d, 0) / middle.length;
  const slower = diffs.filter(d => d > 0).length;
  const fmt = (ms: number) => `${ms >= 0 ? '+' : ''}${ms.toFixed(3)} ms`;
  console.log(
    `login timing, existing minus unknown account, ${diffs.length} paired samples (wrong password, ${LIGHT ? 'light' : 'default'} argon2id), Node ${process.version}:`,
  );
  console.log(
    `  median ${fmt(median)}   trimmed mean ${fmt(trimmed)}   mean ${fmt(mean)} ± ${half.toFixed(3)} ms (95% CI)`,
  );
  console.log(
    `  the existing account was slower in ${slower} of ${diffs.length} pairs`,
  );
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
