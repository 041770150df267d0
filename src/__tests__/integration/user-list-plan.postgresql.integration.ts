import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {
  UserAdminService,
  UserQuery,
} from '../../services/accounts/user-admin.service';
import {encodeUserCursor} from '../../services/accounts/user-page';
import {
  blocksRead,
  captureStatements,
  explain,
  planShape,
  selectFrom,
  Statement,
} from '../fixtures/query-plans';
import {givenPostgresApp} from '../fixtures/postgres-app';

/** Enough rows that, without the index, PostgreSQL seq-scans and sorts. */
const USERS = 60_000;
const MARK = 'user-list-plan';
const INDEX_SCAN = {scans: ['Index Scan user_created_id_ix'], sorts: 0};

describe('GET /users query plans on PostgreSQL', () => {
  let app: IdentityApplication | undefined;
  let ds: juggler.DataSource;
  let admin: UserAdminService;

  before(givenManyUsers);
  after(async () => {
    await ds?.execute(`DELETE FROM "user" WHERE name = $1`, [MARK]);
    await app?.stop();
  });

  it('reads the first page along the (created, id) index, no sort', async () => {
    const page = await listQuery({limit: 50});
    expect(planShape(await explain(ds, page), 'user')).to.eql(INDEX_SCAN);
  });

  it('reads a page deep in the list as cheaply as the first', async () => {
    const first = await listQuery({limit: 50});
    const deep = await listQuery({limit: 50, cursor: await cursorAt(50_000)});
    const deepPlan = await explain(ds, deep, {run: true});
    expect(planShape(deepPlan, 'user')).to.eql(INDEX_SCAN);
    const firstBlocks = blocksRead(await explain(ds, first, {run: true}));
    expect(blocksRead(deepPlan)).to.be.belowOrEqual(firstBlocks * 2 + 4);
    // What the cursor saves: the deprecated offset reads every row it skips.
    const offset = await listQuery({limit: 50, offset: 50_000});
    const offsetBlocks = blocksRead(await explain(ds, offset, {run: true}));
    expect(offsetBlocks).to.be.above(blocksRead(deepPlan) * 20);
  });

  it('pages by cursor through every user exactly once', async () => {
    // From 230 before the end: pages of 100 cross runs of equal `created`.
    const seen: string[] = [];
    let cursor: string | undefined = await cursorAt(USERS - 230);
    while (cursor) {
      const page = await admin.list({limit: 100, cursor});
      seen.push(...page.users.filter(u => u.name === MARK).map(u => u.id));
      cursor = page.next;
    }
    expect(seen.length).to.equal(230);
    expect(new Set(seen).size).to.equal(230);
  });

  async function listQuery(query: UserQuery): Promise<Statement> {
    const statements = await captureStatements(ds, () => admin.list(query));
    return selectFrom(statements, 'user');
  }

  /** The cursor just after the n-th test user (1-based), in list order. */
  async function cursorAt(n: number): Promise<string> {
    const [row] = (await ds.execute(
      `SELECT id, created FROM "user" WHERE name = $1
       ORDER BY created, id OFFSET $2 LIMIT 1`,
      [MARK, n - 1],
    )) as {id: string; created: Date}[];
    return encodeUserCursor(row!);
  }

  /** Mocha hands a hook its context as `this`; requireService needs it. */
  async function givenManyUsers(this: Context): Promise<void> {
    ({app, ds} = await givenPostgresApp(this, 'PostgreSQL query plans'));
    admin = await app.get(IdentityBindings.USER_ADMIN_SERVICE);
    await ds.execute(`DELETE FROM "user" WHERE name = $1`, [MARK]);
    // Several users share an instant, as a bulk import makes them.
    await ds.execute(
      `INSERT INTO "user" (id, created, modified, name, emailverified, roles, disabled)
       SELECT gen_random_uuid()::text,
              timestamptz '2001-01-01' + (n / 3) * interval '1 second',
              now(), $1, false, '[]'::jsonb, false
       FROM generate_series(1, ${USERS}) AS n`,
      [MARK],
    );
    await ds.execute(`ANALYZE "user"`);
  }
}).timeout(120_000);
