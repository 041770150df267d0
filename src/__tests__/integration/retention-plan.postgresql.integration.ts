import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {
  RETENTION_BATCH,
  RetentionService,
} from '../../services/tokens/retention.service';
import {
  accessPaths,
  captureStatements,
  explain,
  statementsOn,
} from '../fixtures/query-plans';
import {givenPostgresApp} from '../fixtures/postgres-app';

/** Live rows the job must not read through: without its indexes, a seq scan. */
const ROWS = 50_000;
const MARK = 'retention-plan';

describe('Retention job query plans on PostgreSQL', () => {
  let app: IdentityApplication | undefined;
  let ds: juggler.DataSource;
  let retention: RetentionService;

  before(givenManyRows);
  after(async () => {
    await ds?.execute(`DELETE FROM session WHERE authmethod = $1`, [MARK]);
    await ds?.execute(`DELETE FROM auditevent WHERE type = $1`, [MARK]);
    await ds?.execute(`DELETE FROM emailtoken WHERE userid = $1`, [MARK]);
    await ds?.execute(`DELETE FROM mfafactor WHERE userid = $1`, [MARK]);
    await app?.stop();
  });

  it('finds what to delete along indexes, never a seq scan', async () => {
    const statements = await captureStatements(ds, () => retention.purge());
    const expected: Record<string, string[]> = {
      session: ['session_created_ix', 'session_revokedat_ix'],
      emailtoken: ['emailtoken_expiresat_ix'],
      auditevent: ['auditevent_created_ix'],
      mfafactor: ['mfafactor_confirmedat_created_ix'],
    };
    for (const [table, indexes] of Object.entries(expected)) {
      const selects = statementsOn(statements, 'SELECT', table);
      expect(selects.length).to.be.above(0);
      const used = new Set<string>();
      for (const select of selects) {
        const paths = accessPaths(await explain(ds, select), table);
        expect(paths.seqScans).to.equal(0);
        paths.indexes.forEach(i => used.add(i));
      }
      expect([...used].sort()).to.eql(indexes);
    }
  });

  it('deletes expired sessions page after page, past old sessions still in use', async () => {
    // Begun in the same millisecond 60 days ago (the service stores
    // milliseconds), all: half expired 40 days ago, half refreshed since
    // (read along session_created_ix, never deleted).
    const rows = RETENTION_BATCH * 2 + 10;
    await ds.execute(
      `INSERT INTO session (id, created, modified, userid, applicationid,
         authmethod, refreshtokenhash, familyid, lastusedat, expiresat,
         rotatedtokenhashes)
       SELECT gen_random_uuid()::text,
         date_trunc('milliseconds', now() - interval '60 days'), now(),
         'paged-' || n, 'web', $2, md5(random()::text),
         gen_random_uuid()::text, now(), now() + CASE WHEN n % 2 = 0
           THEN interval '-40 days' ELSE interval '20 days' END, '[]'::jsonb
       FROM generate_series(1, $1::int) AS n`,
      [rows, MARK],
    );
    await retention.purge();
    const left = (await ds.execute(
      `SELECT count(*)::int AS kept, count(*) FILTER
         (WHERE expiresat < now())::int AS expired
       FROM session WHERE userid LIKE 'paged-%'`,
    )) as {kept: number; expired: number}[];
    expect(left[0]).to.eql({kept: rows / 2, expired: 0});
  });

  /** Mocha hands a hook its context as `this`; requireService needs it. */
  async function givenManyRows(this: Context): Promise<void> {
    ({app, ds} = await givenPostgresApp(this, 'PostgreSQL query plans'));
    retention = await app.get(IdentityBindings.RETENTION_SERVICE);
    await ds.execute(
      `INSERT INTO session (id, created, modified, userid, applicationid,
         authmethod, refreshtokenhash, familyid, lastusedat, expiresat,
         rotatedtokenhashes)
       SELECT gen_random_uuid()::text, now(), now(), 'bulk-user-' || n,
         'web', $2, md5(random()::text), gen_random_uuid()::text, now(),
         now() + interval '30 days', '[]'::jsonb
       FROM generate_series(1, $1::int) AS n`,
      [ROWS, MARK],
    );
    await ds.execute(
      `INSERT INTO auditevent (id, created, modified, type, details)
       SELECT gen_random_uuid()::text, now(), now(), $2, '{}'::jsonb
       FROM generate_series(1, $1::int) AS n`,
      [ROWS, MARK],
    );
    await ds.execute(
      `INSERT INTO emailtoken (id, created, modified, userid, purpose,
         tokenhash, expiresat)
       SELECT gen_random_uuid()::text, now(), now(), $2, 'reset',
         md5(random()::text), now() + interval '1 hour'
       FROM generate_series(1, $1::int) AS n`,
      [ROWS, MARK],
    );
    // Factors in use, confirmed long ago: the job must not read through them.
    await ds.execute(
      `INSERT INTO mfafactor (id, created, modified, userid, type, name,
         secret, confirmedat)
       SELECT gen_random_uuid()::text, now() - interval '400 days', now(),
         $2, 'totp', 'Phone', 'v1.x.y.z', now() - interval '400 days'
       FROM generate_series(1, $1::int) AS n`,
      [ROWS, MARK],
    );
    await ds.execute(`ANALYZE mfafactor`);
    await ds.execute(`ANALYZE session`);
    await ds.execute(`ANALYZE auditevent`);
    await ds.execute(`ANALYZE emailtoken`);
  }
}).timeout(120_000);
