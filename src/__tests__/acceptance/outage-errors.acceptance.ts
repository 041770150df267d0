import {Client, expect, sinon} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {givenRunningApp} from '../fixtures/app';
import {
  givenSession,
  givenUser,
  TEST_PASSWORD,
  TestUser,
} from '../fixtures/oauth';

/** What each driver throws when its server is gone (shapes as they raise them). */
const OUTAGES: [string, string, object][] = [
  [
    'PostgreSQL restart (57P01)',
    'terminating connection due to administrator command',
    {code: '57P01'},
  ],
  [
    'PostgreSQL refused',
    'connect ECONNREFUSED 127.0.0.1:5432',
    {code: 'ECONNREFUSED'},
  ],
  ['PostgreSQL connection failure', 'connection failure', {code: '08006'}],
  ['pg pool timeout', 'timeout exceeded when trying to connect', {}],
  ['pg connection lost', 'Connection terminated unexpectedly', {}],
  [
    'MongoDB server selection',
    'Server selection timed out after 30000 ms',
    {name: 'MongoServerSelectionError'},
  ],
  [
    'MongoDB network',
    'connection 3 to 127.0.0.1:27017 closed',
    {name: 'MongoNetworkError'},
  ],
  ['ioredis closed', 'Connection is closed.', {}],
];

/**
 * Whatever connector the accounts live in, a connection-class error is a
 * retryable 503 SERVICE_UNAVAILABLE with Retry-After (RFC 6749's
 * temporarily_unavailable on the token endpoint), never a code-less 500,
 * and its details stay in the log.
 */
describe('database outage errors (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let user: TestUser;
  let refreshToken: string;

  before(async () => {
    ({app, client} = await givenRunningApp());
    user = await givenUser(app);
    refreshToken = (await givenSession(app, user.id)).refresh_token!;
  });
  after(() => app.stop());
  afterEach(() => sinon.restore());

  for (const [name, message, fields] of OUTAGES) {
    const outage = () => Object.assign(new Error(message), fields);
    it(`answers 503 SERVICE_UNAVAILABLE on ${name}`, async () => {
      await givenDatabaseFailing(outage);
      const res = await client
        .post('/auth/login')
        .send({login: user.email, password: TEST_PASSWORD})
        .expect(503);
      expect(res.body.error).to.containDeep({code: 'SERVICE_UNAVAILABLE'});
      expect(res.headers['retry-after']).to.match(/^\d+$/);
      expect(JSON.stringify(res.body)).to.not.containEql(outage().message);

      const token = await client
        .post('/auth/token')
        .send({grant_type: 'refresh_token', refresh_token: refreshToken})
        .expect(503);
      expect(token.body).to.containDeep({error: 'temporarily_unavailable'});
      expect(token.headers['retry-after']).to.match(/^\d+$/);
      expect(JSON.stringify(token.body)).to.not.containEql(outage().message);
    });
  }

  it('keeps any other error a 500 that says nothing', async () => {
    await givenDatabaseFailing(() => new TypeError('x is not a function'));
    const res = await client
      .post('/auth/login')
      .send({login: user.email, password: TEST_PASSWORD})
      .expect(500);
    expect(res.body.error.code).to.be.undefined();
    expect(res.headers['retry-after']).to.be.undefined();
  });

  async function givenDatabaseFailing(error: () => Error): Promise<void> {
    const ds = await app.get(IdentityBindings.DATASOURCE);
    sinon
      .stub(ds.connector!, 'all')
      .callsFake((...args: unknown[]) =>
        (args[args.length - 1] as (err: Error) => void)(error()),
      );
  }
});
