import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {
  givenConfig,
  givenDataDir,
  givenRunningApp,
  removeDataDir,
  RunningApp,
} from '../fixtures/app';
import {givenUser, TEST_PASSWORD} from '../fixtures/oauth';

/**
 * Answers that come from the HTTP layer rather than from a route (body
 * parsing, body size, unknown paths) carry a stable code like every other
 * error, and never the name of an internal failure.
 */
describe('errors of the HTTP layer (acceptance)', () => {
  let running: RunningApp;
  let client: Client;

  before(async () => {
    running = await givenRunningApp();
    client = running.client;
  });
  after(() => running.app.stop());

  function postJson(path: string, body: string) {
    return client.post(path).set('Content-Type', 'application/json').send(body);
  }

  it('answers malformed JSON with 400 INVALID_REQUEST', async () => {
    const res = await postJson('/users', '{"email": ').expect(400);
    expect(res.body.error).to.containDeep({code: 'INVALID_REQUEST'});
  });

  it('answers a body nested too deep with 400 INVALID_REQUEST, naming no internal error', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const res = await postJson('/users', deep).expect(400);
    expect(res.body.error).to.containDeep({code: 'INVALID_REQUEST'});
    expect(JSON.stringify(res.body)).to.not.match(/RangeError|stack/i);
  });

  it('answers a prototype key in a body with 400 and a code', async () => {
    const res = await postJson(
      '/users',
      '{"email": "a@example.com", "password": "x", "__proto__": {"roles": ["admin"]}}',
    );
    expect(res.status).to.be.within(400, 422);
    expect(res.body.error.code).to.be.oneOf([
      'INVALID_REQUEST',
      'VALIDATION_FAILED',
    ]);
  });

  it('answers a body over the size limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const huge = JSON.stringify({email: 'x'.repeat(2 * 1024 * 1024)});
    const res = await postJson('/users', huge).expect(413);
    expect(res.body.error).to.containDeep({code: 'PAYLOAD_TOO_LARGE'});
  });

  it('answers an unknown path with 404 NOT_FOUND', async () => {
    const res = await client.get('/no-such-route').expect(404);
    expect(res.body.error).to.containDeep({code: 'NOT_FOUND'});
  });

  it('keeps control characters of the User-Agent out of the sessions it lists', async () => {
    const user = await givenUser(running.app);
    const login = await client
      .post('/auth/login')
      .set('User-Agent', 'curl/8\tevil\u0085agent')
      .send({login: user.email, password: TEST_PASSWORD})
      .expect(200);
    const res = await client
      .get('/sessions')
      .set('Authorization', `Bearer ${login.body.access_token}`)
      .expect(200);
    const [agent] = (res.body as {userAgent?: string}[]).map(s => s.userAgent);
    expect(agent).to.match(/^curl\/8 evil.* agent$/);
    expect(agent).to.not.match(/\p{Cc}/u);
  });
});

describe('start with another APP_SECRET (acceptance)', () => {
  it('refuses to start, naming APP_SECRET, when the stored signing keys do not open', async () => {
    const dataDir = givenDataDir();
    try {
      const first = await givenRunningApp({DATA_DIR: dataDir});
      const user = await givenUser(first.app);
      await first.client
        .post('/auth/login')
        .send({login: user.email, password: TEST_PASSWORD})
        .expect(200);
      await first.app.stop();

      const config = givenConfig({
        DATA_DIR: dataDir,
        APP_SECRET: 'another-app-secret-0123456789-abcdefghijklmnop',
      });
      const second = new IdentityApplication(config);
      await second.boot();
      const started = await second.start().then(
        () => undefined,
        (err: Error) => err,
      );
      // LoopBack cannot stop an application whose start failed.
      await second.stop().catch(() => {});
      expect(started).to.be.instanceOf(Error);
      expect(started!.message).to.match(/APP_SECRET/);
    } finally {
      removeDataDir(dataDir);
    }
  });
});
