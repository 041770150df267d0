import {juggler} from '@loopback/repository';
import {Client, expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {UserRepository} from '../../repositories';
import {EphemeralStore} from '../../services/store/ephemeral-store';
import {
  REVOCATIONS_FILLED_KEY,
  revocationMarkKey,
} from '../../services/tokens/revocation-keys';
import {SessionService} from '../../services/tokens/session.service';
import {givenRunningApp} from '../fixtures/app';
import {callWithToken, givenApplication, givenSession} from '../fixtures/oauth';
import {
  accessPaths,
  captureStatements,
  explain,
  selectFrom,
  Statement,
  statementsOn,
} from '../fixtures/query-plans';
import {requireService, TEST_DATABASE_URL} from '../fixtures/services';

/** Sessions of other users and applications: the table the plans face. */
const BACKGROUND = 100_000;
const MARK = 'plan-fixture';

describe('Session revocation at scale on PostgreSQL', () => {
  let app: IdentityApplication | undefined;
  let client: Client;
  let ds: juggler.DataSource;
  let sessions: SessionService;
  let store: EphemeralStore;

  before(givenManySessions);
  after(async () => {
    await ds?.execute(`DELETE FROM session WHERE authmethod = $1`, [MARK]);
    await app?.stop();
  });

  it("revokes a user's 1,203 sessions with one read and an UPDATE per 500, every token refused", async () => {
    const userId = await givenUserId();
    const live = [];
    for (let i = 0; i < 3; i++) live.push(await givenSession(app!, userId));
    await givenBulkSessions(1_200, {userId});
    const statements = await captureStatements(ds, () =>
      sessions.revokeAllForUser(userId, 'account_disabled'),
    );

    const read = selectFrom(statements, 'session');
    expect(await pathsOf(read)).to.eql({
      seqScans: 0,
      indexes: ['session_userid_ix'],
    });
    const updates = statementsOn(statements, 'UPDATE', 'session');
    expect(updates).to.have.length(3);
    for (const update of updates) {
      expect(await pathsOf(update)).to.eql({
        seqScans: 0,
        indexes: ['session_pkey'],
      });
    }
    await expectAllRevoked({userid: userId}, 1_203, 'account_disabled');
    for (const token of live) {
      await callWithToken(client, token.access_token).expect(401);
    }
  });

  it("revokes an application's sessions along (applicationId, revokedAt), keeping earlier revocations", async () => {
    const application = await givenApplication(app!);
    const userId = await givenUserId();
    const live = await givenSession(app!, userId, application.id);
    const earlier = await givenSession(app!, userId, application.id);
    await sessions.revoke(sessionIdOf(earlier.refresh_token), 'logout');
    await givenBulkSessions(700, {applicationId: application.id});
    const statements = await captureStatements(ds, () =>
      sessions.revokeAllForApplication(application.id),
    );

    expect(await pathsOf(selectFrom(statements, 'session'))).to.eql({
      seqScans: 0,
      indexes: ['session_applicationid_revokedat_ix'],
    });
    expect(statementsOn(statements, 'UPDATE', 'session')).to.have.length(2);
    await expectAllRevoked(
      {applicationid: application.id, revocationreason: 'application_disabled'},
      701,
      'application_disabled',
    );
    const [kept] = (await ds.execute(
      `SELECT revocationreason FROM session WHERE id = $1`,
      [sessionIdOf(earlier.refresh_token)],
    )) as {revocationreason: string}[];
    expect(kept!.revocationreason).to.equal('logout');
    await callWithToken(client, live.access_token).expect(401);
  });

  it('restores recent revocations into an emptied store along session_revokedat_ix', async () => {
    const revocations = await app!.get(IdentityBindings.REVOCATION_SERVICE);
    await store.delete(REVOCATIONS_FILLED_KEY);
    const statements = await captureStatements(ds, () =>
      revocations.ensureFilled(),
    );
    expect(await pathsOf(selectFrom(statements, 'session'))).to.eql({
      seqScans: 0,
      indexes: ['session_revokedat_ix'],
    });
  });

  async function pathsOf(statement: Statement) {
    return accessPaths(await explain(ds, statement), 'session');
  }

  /** Every session `where` selects is revoked, in the database and the store. */
  async function expectAllRevoked(
    where: Record<string, string>,
    count: number,
    reason: string,
  ): Promise<void> {
    const keys = Object.keys(where);
    const rows = (await ds.execute(
      `SELECT id, revokedat, revocationreason FROM session WHERE ${keys
        .map((k, i) => `${k} = $${i + 1}`)
        .join(' AND ')}`,
      Object.values(where),
    )) as {id: string; revokedat: Date | null; revocationreason: string}[];
    expect(rows).to.have.length(count);
    expect(
      rows.filter(r => !r.revokedat || r.revocationreason !== reason),
    ).to.be.empty();
    const marks = await store.getMany(rows.map(r => revocationMarkKey(r.id)));
    expect(marks.filter(m => m === undefined)).to.be.empty();
  }

  async function givenUserId(): Promise<string> {
    const users = await app!.getRepository(UserRepository);
    const email = `scale-${Date.now()}-${Math.random()}@example.com`;
    return (await users.create({email})).id;
  }

  /** `count` sessions, inserted in one statement, for one user or application. */
  async function givenBulkSessions(
    count: number,
    {userId, applicationId}: {userId?: string; applicationId?: string},
  ): Promise<void> {
    await ds.execute(
      `INSERT INTO session (id, created, modified, userid, applicationid,
         authmethod, refreshtokenhash, familyid, lastusedat, expiresat,
         rotatedtokenhashes)
       SELECT gen_random_uuid()::text, now(), now(),
         coalesce($2, 'bulk-user-' || n), coalesce($3, 'web'), $4,
         md5(random()::text), gen_random_uuid()::text, now(),
         now() + interval '30 days', '[]'::jsonb
       FROM generate_series(1, $1::int) AS n`,
      [count, userId ?? null, applicationId ?? null, MARK],
    );
    await ds.execute(`ANALYZE session`);
  }

  /** Mocha hands a hook its context as `this`; requireService needs it. */
  async function givenManySessions(this: Context): Promise<void> {
    await requireService(
      this,
      'PostgreSQL session revocation',
      TEST_DATABASE_URL,
      'set TEST_DATABASE_URL=postgres://…',
    );
    ({app, client} = await givenRunningApp({DATABASE_URL: TEST_DATABASE_URL}));
    ds = await app.get<juggler.DataSource>(IdentityBindings.DATASOURCE);
    sessions = await app.get(IdentityBindings.SESSION_SERVICE);
    store = await app.get(IdentityBindings.STORE);
    await ds.execute(`DELETE FROM session WHERE authmethod = $1`, [MARK]);
    // Many users and applications; one in ten revoked a month ago.
    await ds.execute(
      `INSERT INTO session (id, created, modified, userid, applicationid,
         authmethod, refreshtokenhash, familyid, lastusedat, expiresat,
         revokedat, revocationreason, rotatedtokenhashes)
       SELECT gen_random_uuid()::text, now(), now(), 'bulk-user-' || (n % 20000),
         'bulk-app-' || (n % 40), $1, md5(random()::text),
         gen_random_uuid()::text, now(), now() + interval '30 days',
         CASE WHEN n % 10 = 0 THEN now() - interval '30 days' END,
         CASE WHEN n % 10 = 0 THEN 'logout' END, '[]'::jsonb
       FROM generate_series(1, ${BACKGROUND}) AS n`,
      [MARK],
    );
    await ds.execute(`ANALYZE session`);
  }
}).timeout(120_000);

function sessionIdOf(refreshToken: string): string {
  return refreshToken.split('.')[0]!;
}
