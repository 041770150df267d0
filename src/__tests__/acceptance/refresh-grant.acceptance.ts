import {Client, expect, sinon} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {SessionRepository} from '../../repositories';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {
  callWithToken,
  givenSession,
  givenUser,
  postForm,
  TestUser,
} from '../fixtures/oauth';

/** Every SessionRepository method that reads rows. */
const READS = ['find', 'findOne', 'findById', 'count', 'exists'] as const;

describe('POST /auth/token, grant_type=refresh_token: session reads (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let dataDir: string;
  let user: TestUser;

  before(async () => {
    dataDir = givenDataDir();
    ({app, client} = await givenRunningApp({DATA_DIR: dataDir}));
  });
  beforeEach(async () => {
    user = await givenUser(app);
  });
  afterEach(() => sinon.restore());
  after(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  function refresh(refreshToken: string) {
    return postForm(client, '/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
  }

  /** Counts Session reads: the properties each read filtered on, in order. */
  function recordSessionReads(): string[][] {
    const reads: string[][] = [];
    const methods = SessionRepository.prototype as unknown as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    for (const method of READS) {
      const original = methods[method]!;
      sinon.replace(methods, method, function (this: unknown, ...args) {
        reads.push(filteredOn(method, args));
        return original.apply(this, args);
      });
    }
    return reads;
  }

  it('reads the session once per refresh grant', async () => {
    const first = await givenSession(app, user.id);
    const reads = recordSessionReads();
    const res = await refresh(first.refresh_token).expect(200);
    expect(reads).to.eql([['id']]);
    await callWithToken(client, res.body.access_token).expect(200);
  });

  it('reads the session once, and its family once, when a rotated token comes back', async () => {
    const first = await givenSession(app, user.id);
    await refresh(first.refresh_token).expect(200);
    const reads = recordSessionReads();
    const replay = await refresh(first.refresh_token).expect(400);
    expect(replay.body.error).to.equal('invalid_grant');
    // The family's unrevoked sessions only (`revokedAt IS NULL`).
    expect(reads).to.eql([['id'], ['familyId', 'revokedAt']]);
  });

  it('lets one of two concurrent uses of a refresh token win and revokes the family for the other', async () => {
    const first = await givenSession(app, user.id);
    // Both requests read the session before either rotates it, so only the
    // conditional update can tell that the token was used twice.
    const bothRead = barrier(2);
    const findOne = sinon.stub(SessionRepository.prototype, 'findOne');
    findOne.callsFake(async function (this: SessionRepository, ...args) {
      const session = await findOne.wrappedMethod.apply(this, args);
      await bothRead();
      return session;
    });

    const answers = await Promise.all([
      refresh(first.refresh_token),
      refresh(first.refresh_token),
    ]);
    sinon.restore();

    const winner = answers.find(r => r.status === 200);
    const loser = answers.find(r => r.status !== 200);
    expect(winner).to.be.ok();
    expect(loser?.status).to.equal(400);
    expect(loser?.body).to.eql({
      error: 'invalid_grant',
      error_description:
        'The refresh token was already used; the session has been revoked.',
    });
    await callWithToken(client, winner!.body.access_token).expect(401);
    const again = await refresh(winner!.body.refresh_token).expect(400);
    expect(again.body.error).to.equal('invalid_grant');
  });
});

function filteredOn(method: (typeof READS)[number], args: unknown[]) {
  if (method === 'findById') return ['id'];
  const filter = args[0] as {where?: object} | undefined;
  const where =
    method === 'find' || method === 'findOne' ? filter?.where : filter;
  return Object.keys(where ?? {});
}

/** Resolves every caller once `parties` callers are waiting. */
function barrier(parties: number): () => Promise<void> {
  let waiting = 0;
  let release!: () => void;
  const released = new Promise<void>(resolve => (release = resolve));
  return () => {
    waiting += 1;
    if (waiting === parties) release();
    return released;
  };
}
