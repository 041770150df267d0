/**
 * WAL written per password sign-in and per refresh on PostgreSQL (issue 14),
 * when BENCH_DATABASE_URL names a database the benchmark may fill (also
 * alone: `node dist/bench-wal`). The session and audit event tables are
 * first filled to BENCH_WAL_ROWS rows each (default 200,000; random v4 ids,
 * as a database from before time-ordered ids has), then a CHECKPOINT (when
 * the role may) makes every page's first change afterwards a full-page
 * image, as in production between two checkpoints. pg_current_wal_lsn()
 * is the whole server's: other databases' writes meanwhile count too.
 * Figures are printed, never asserted.
 */
import {juggler} from '@loopback/repository';
import {IdentityApplication} from './application';
import {loadConfig} from './config';
import {IdentityBindings} from './keys';
import {withoutRequestLimits} from './services/abuse/rate-limit-settings';

const ROWS = Number(process.env.BENCH_WAL_ROWS ?? 200_000);
/** Sign-ins, each by its own account, and refreshes of as many old sessions. */
const OPS = Number(process.env.BENCH_WAL_OPS ?? 100);
const FILLER = 'bench-wal';
/** The refresh token secret of every filler session. */
const SECRET = 'S'.repeat(43);

export interface WalFigures {
  rows: number;
  ops: number;
  checkpointed: boolean;
  perLogin: number;
  perRefresh: number;
}

/** Measures on `url`; see the file's comment. */
export async function measureWal(url: string): Promise<WalFigures> {
  const {config} = loadConfig({
    DATABASE_URL: url,
    PORT: '0',
    LOG_LEVEL: 'warn',
    APP_SECRET: 'bench-secret-0123456789-0123456789-abcdef',
  });
  const app = new IdentityApplication(config, {
    rateLimits: withoutRequestLimits(),
  });
  await app.boot();
  await app.migrateSchema({existingSchema: 'alter'});
  await app.start();
  try {
    const ds = await app.get<juggler.DataSource>(IdentityBindings.DATASOURCE);
    const base = app.restServer.url!;
    await fill(ds);
    const logins = await givenAccounts(base);
    const checkpointed = await checkpoint(ds);
    const perLogin = await walPerOp(ds, logins, login =>
      post(`${base}/auth/login`, login),
    );
    await checkpoint(ds);
    const perRefresh = await walPerOp(ds, await oldTokens(ds), token =>
      post(`${base}/auth/token`, {
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: 'web',
      }),
    );
    return {rows: ROWS, ops: OPS, checkpointed, perLogin, perRefresh};
  } finally {
    await app.stop();
  }
}

/** Prints what measureWal found, or how to have it measured. */
export function reportWal(figures: WalFigures | undefined): void {
  if (!figures) {
    console.log(
      'WAL per sign-in and refresh on PostgreSQL: set BENCH_DATABASE_URL to a database it may fill',
    );
    return;
  }
  const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  console.log(
    `WAL on PostgreSQL, ${figures.rows} sessions and audit events, ${figures.ops} operations each${figures.checkpointed ? ', after a CHECKPOINT' : ' (no CHECKPOINT: not allowed)'}: ` +
      `${kB(figures.perLogin)} per password sign-in, ${kB(figures.perRefresh)} per refresh`,
  );
}

/** Tops the session and audit event tables up to ROWS rows each. */
async function fill(ds: juggler.DataSource): Promise<void> {
  const missing = async (table: string) => {
    const rows = (await ds.execute(
      `SELECT count(*)::int AS n FROM ${table}`,
    )) as {n: number}[];
    return Math.max(0, ROWS - rows[0]!.n);
  };
  await ds.execute(
    `INSERT INTO session (id, created, modified, userid, applicationid,
       authmethod, refreshtokenhash, familyid, ip, useragent, lastusedat,
       expiresat, authtime, amr, rotatedtokenhashes)
     SELECT id, now(), now(), gen_random_uuid()::text, 'web', $2,
       encode(sha256(convert_to(id || '.' || $3, 'UTF8')), 'hex'), id,
       '203.0.113.7', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', now(),
       now() + interval '30 days', now(), '["pwd"]'::jsonb, '[]'::jsonb
     FROM (SELECT gen_random_uuid()::text AS id
           FROM generate_series(1, $1::int)) AS ids`,
    [await missing('session'), FILLER, SECRET],
  );
  await ds.execute(
    `INSERT INTO auditevent (id, created, modified, type, userid, ip, details)
     SELECT gen_random_uuid()::text, now(), now(), 'login.succeeded',
       gen_random_uuid()::text, '203.0.113.7', '{"authMethod": "password"}'
     FROM generate_series(1, $1::int)`,
    [await missing('auditevent')],
  );
  await ds.execute('VACUUM ANALYZE session');
  await ds.execute('VACUUM ANALYZE auditevent');
}

/** OPS accounts, each to sign in once. */
async function givenAccounts(base: string): Promise<Record<string, string>[]> {
  const logins = [];
  for (let i = 0; i < OPS; i++) {
    const login = {
      login: `wal-${Date.now()}-${i}@example.com`,
      password: 'correct horse battery staple 44',
    };
    await post(`${base}/users`, {email: login.login, password: login.password});
    logins.push(login);
  }
  return logins;
}

/**
 * Refresh tokens of OPS filler sessions picked at random: each on a page
 * of its own, as the sessions refreshing in a quarter of an hour are.
 */
async function oldTokens(ds: juggler.DataSource): Promise<string[]> {
  const rows = (await ds.execute(
    `SELECT id FROM session WHERE authmethod = $1 AND revokedat IS NULL
     ORDER BY random() LIMIT $2`,
    [FILLER, OPS],
  )) as {id: string}[];
  return rows.map(r => `${r.id}.${SECRET}`);
}

/** Bytes of WAL the server wrote while `run` ran once per item, per item. */
async function walPerOp<T>(
  ds: juggler.DataSource,
  items: T[],
  run: (item: T) => Promise<unknown>,
): Promise<number> {
  const start = (await ds.execute('SELECT pg_current_wal_lsn() AS lsn')) as {
    lsn: string;
  }[];
  for (const item of items) await run(item);
  const rows = (await ds.execute(
    'SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::float8 AS bytes',
    [start[0]!.lsn],
  )) as {bytes: number}[];
  return rows[0]!.bytes / items.length;
}

/** CHECKPOINT, if the role may (superuser or pg_checkpoint). */
async function checkpoint(ds: juggler.DataSource): Promise<boolean> {
  try {
    await ds.execute('CHECKPOINT');
    return true;
  } catch {
    return false;
  }
}

async function post(url: string, body: Record<string, string>) {
  const form = url.endsWith('/auth/token');
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': form
        ? 'application/x-www-form-urlencoded'
        : 'application/json',
    },
    body: form ? new URLSearchParams(body) : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

if (require.main === module) {
  const url = process.env.BENCH_DATABASE_URL;
  (url ? measureWal(url) : Promise.resolve(undefined))
    .then(reportWal)
    .catch(err => {
      console.error(err);
      process.exit(1);
    });
}
