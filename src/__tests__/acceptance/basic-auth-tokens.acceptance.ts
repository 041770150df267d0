import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {
  basicHeader,
  givenSignedUpUser,
  SignedUpUser,
} from '../fixtures/accounts';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {ManualClock} from '../fixtures/manual-clock';
import {enrolTotp, signIn} from '../fixtures/mfa-totp';
import {
  basic,
  givenGuardApp,
  givenUser,
  GOOD_PASSWORD,
  GuardApp,
} from '../fixtures/guard';

const AGENT = 'curl/8.5.0';

/** A response header that must be there. */
function header(
  res: {headers: Record<string, string | undefined>},
  name: string,
): string {
  const value = res.headers[name];
  expect(value).to.be.a.String();
  return value!;
}

/** A Basic `GET /users/me` as a script would send it. */
function me(client: Client, login: string, password: string, agent = AGENT) {
  return client
    .get('/users/me')
    .set('Authorization', basicHeader(login, password))
    .set('User-Agent', agent);
}

describe('HTTP Basic auth tokens (RESTHeart Auth-Token)', function () {
  let app: IdentityApplication;
  let client: Client;
  let clock: ManualClock;
  let dataDir: string;
  let user: SignedUpUser;

  before(async () => {
    dataDir = givenDataDir();
    clock = new ManualClock(Date.now());
    ({app, client} = await givenRunningApp({DATA_DIR: dataDir}, {clock}));
  });
  after(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });
  beforeEach(async () => {
    user = await givenSignedUpUser(client);
  });

  it('answers the password with the three headers, the same token on every request', async () => {
    const first = await me(client, user.email, user.password).expect(200);
    const token = header(first, 'auth-token');
    expect(token).to.match(/^[0-9a-f-]{36}\.[\w-]{43}$/);
    const sessionId = token.split('.')[0];
    expect(header(first, 'auth-token-location')).to.equal(
      `/sessions/${sessionId}`,
    );
    const until = Date.parse(header(first, 'auth-token-valid-until'));
    expect(until).to.equal(clock.now() + 900_000);
    expect(first.headers['cache-control']).to.equal('no-store');

    clock.advance(120_000);
    const second = await me(client, user.email, user.password).expect(200);
    expect(header(second, 'auth-token')).to.equal(token);
    // Its lifetime slid with the use.
    expect(Date.parse(header(second, 'auth-token-valid-until'))).to.equal(
      clock.now() + 900_000,
    );
  });

  it('authenticates with the token as the Basic password, and shows it at its location', async () => {
    const first = await me(client, user.email, user.password).expect(200);
    const token = header(first, 'auth-token');
    const res = await me(client, user.email, token).expect(200);
    expect(res.body.id).to.equal(user.id);
    expect(header(res, 'auth-token')).to.equal(token);
    const session = await client
      .get(header(first, 'auth-token-location'))
      .set('Authorization', basicHeader(user.email, token))
      .expect(200);
    expect(session.body.authMethod).to.equal('basic');
  });

  it('gives another client (another agent) its own token', async () => {
    const a = await me(client, user.email, user.password).expect(200);
    const b = await me(client, user.email, user.password, 'httpie/3.2').expect(
      200,
    );
    expect(header(b, 'auth-token')).to.not.equal(header(a, 'auth-token'));
  });

  it('stops at once after DELETE on its location', async () => {
    const first = await me(client, user.email, user.password).expect(200);
    const token = header(first, 'auth-token');
    await client
      .delete(header(first, 'auth-token-location'))
      .set('Authorization', basicHeader(user.email, user.password))
      .expect(204);
    await me(client, user.email, token).expect(401);
    // The next password request opens a new one.
    const again = await me(client, user.email, user.password).expect(200);
    expect(header(again, 'auth-token')).to.not.equal(token);
  });

  it("refuses another user's token location with 404, and the token under another login", async () => {
    const first = await me(client, user.email, user.password).expect(200);
    const other = await givenSignedUpUser(client);
    await client
      .get(header(first, 'auth-token-location'))
      .set('Authorization', basicHeader(other.email, other.password))
      .expect(404);
    await client
      .delete(header(first, 'auth-token-location'))
      .set('Authorization', basicHeader(other.email, other.password))
      .expect(404);
    await me(client, other.email, header(first, 'auth-token')).expect(401);
  });

  it('expires AUTH_TOKEN_TTL after its last use', async () => {
    const first = await me(client, user.email, user.password).expect(200);
    const token = header(first, 'auth-token');
    clock.advance(899_000);
    await me(client, user.email, token).expect(200);
    clock.advance(899_000);
    await me(client, user.email, token).expect(200);
    clock.advance(901_000);
    await me(client, user.email, token).expect(401);
  });

  it('dies when the account adds a second factor (Basic no longer signs it in)', async () => {
    const first = await me(client, user.email, user.password).expect(200);
    const token = header(first, 'auth-token');
    const {access_token: accessToken} = await signIn(client, user.email);
    await enrolTotp(client, accessToken, clock);
    const res = await me(client, user.email, token).expect(401);
    expect(res.body.error.code).to.equal('INVALID_CREDENTIALS');
    const refused = await me(client, user.email, user.password).expect(403);
    expect(refused.body.error.code).to.equal('MFA_REQUIRED');
    expect(refused.headers).to.not.have.property('auth-token');
  });

  it('dies with a password change', async () => {
    const first = await me(client, user.email, user.password).expect(200);
    const token = header(first, 'auth-token');
    await client
      .put('/users/me/password')
      .set('Authorization', basicHeader(user.email, user.password))
      .send({
        currentPassword: user.password,
        newPassword: `${user.password} new`,
      })
      .expect(204);
    await me(client, user.email, token).expect(401);
  });
});

describe('HTTP Basic auth tokens and the lock-out', () => {
  let running: GuardApp;

  before(async () => {
    running = await givenGuardApp({
      env: {TRUST_PROXY: 'loopback'},
      rateLimits: {lockout: {threshold: 3, stepsSec: [3600]}},
    });
  });
  after(() => running.app.stop());

  function basicMe(login: string, password: string, ip: string) {
    return running.client
      .get('/users/me')
      .set('X-Forwarded-For', ip)
      .set('Authorization', basic(login, password));
  }

  it('counts wrong tokens as wrong passwords: they lock the account out', async () => {
    const user = await givenUser(running.app);
    const first = await basicMe(user.email, GOOD_PASSWORD, '192.0.2.10').expect(
      200,
    );
    const [sessionId] = header(first, 'auth-token').split('.');
    for (let i = 0; i < 3; i++) {
      const forged = `${sessionId}.${String(i).repeat(43)}`;
      const res = await basicMe(user.email, forged, '198.51.100.7').expect(401);
      expect(res.body.error.code).to.equal('INVALID_CREDENTIALS');
    }
    // Locked: the right password from a stranger's address is refused too.
    await basicMe(user.email, GOOD_PASSWORD, '198.51.100.8').expect(401);
  });

  it('does not lock anyone out for the right token', async () => {
    const user = await givenUser(running.app);
    const first = await basicMe(user.email, GOOD_PASSWORD, '192.0.2.11').expect(
      200,
    );
    const token = header(first, 'auth-token');
    for (let i = 0; i < 5; i++) {
      await basicMe(user.email, token, '192.0.2.11').expect(200);
    }
    await basicMe(user.email, GOOD_PASSWORD, '198.51.100.9').expect(200);
  });
});

describe('HTTP Basic auth tokens turned off (AUTH_TOKENS=false)', () => {
  let app: IdentityApplication;
  let client: Client;
  let dataDir: string;

  before(async () => {
    dataDir = givenDataDir();
    ({app, client} = await givenRunningApp({
      DATA_DIR: dataDir,
      AUTH_TOKENS: 'false',
    }));
  });
  after(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  it('answers Basic with the password and no token', async () => {
    const user = await givenSignedUpUser(client);
    const res = await me(client, user.email, user.password).expect(200);
    expect(res.headers).to.not.have.property('auth-token');
    expect(res.headers).to.not.have.property('auth-token-location');
  });
});
