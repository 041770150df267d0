import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {UserRepository} from '../../repositories';
import {SessionService} from '../../services/tokens/session.service';
import {givenPostgresApp} from '../fixtures/postgres-app';
import {updateCounts} from '../fixtures/table-stats';

/** Enough sessions to fill several pages, so most rows sit on a full one. */
const SESSIONS = 200;

describe('Session refresh on PostgreSQL (HOT updates)', () => {
  let app: IdentityApplication | undefined;
  let ds: juggler.DataSource;
  let sessions: SessionService;
  let userId: string;

  before(givenPostgres);
  after(async () => {
    await ds?.execute(`DELETE FROM session WHERE userid = $1`, [userId]);
    await app?.stop();
  });

  it('gives the session table a fillfactor, so a refresh finds room on its page', async () => {
    const rows = (await ds.execute(
      `SELECT reloptions FROM pg_class WHERE oid = 'session'::regclass`,
    )) as {reloptions: string[] | null}[];
    expect(rows[0]!.reloptions).to.containEql('fillfactor=70');
  });

  it('refreshes a session with a HOT update: no index is written', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < SESSIONS; i++) tokens.push(await givenRefreshToken());
    const before = await updateCounts(ds, 'session');
    for (const token of tokens) await sessions.refresh(token);
    const after = await updateCounts(ds, 'session');
    expect({
      updates: after.updates - before.updates,
      hot: after.hot - before.hot,
    }).to.eql({updates: SESSIONS, hot: SESSIONS});
  });

  async function givenRefreshToken(): Promise<string> {
    const res = await sessions.start(userId, {
      applicationId: 'web',
      authMethod: 'password',
      userAgent: 'x'.repeat(200),
    });
    return res.refresh_token;
  }

  /** Mocha hands a hook its context as `this`; requireService needs it. */
  async function givenPostgres(this: Context): Promise<void> {
    ({app, ds} = await givenPostgresApp(this, 'PostgreSQL HOT updates'));
    sessions = await app.get(IdentityBindings.SESSION_SERVICE);
    const users = await app.getRepository(UserRepository);
    userId = (await users.create({email: `hot-${Date.now()}@example.com`})).id;
  }
}).timeout(120_000);
