import {expect} from '@loopback/testlab';
import {givenRunningApp, RunningApp} from '../fixtures/app';
import {givenSignedUpUser} from '../fixtures/accounts';
import {CapturedLogger, givenCapturedLogger} from '../fixtures/captured-logger';

const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function linesOf(logs: CapturedLogger, requestId: string | undefined) {
  return logs.lines.filter(line => line.requestId === requestId);
}

describe('Request ids and the access log (acceptance)', () => {
  let running: RunningApp;
  let logs: CapturedLogger;
  before(async () => {
    logs = givenCapturedLogger();
    running = await givenRunningApp({}, {logger: logs.logger});
  });
  after(() => running.app.stop());

  it('gives every response its own X-Request-Id', async () => {
    const a = await running.client.get('/health').expect(200);
    const b = await running.client.get('/no/such/file.txt').expect(404);
    const c = await running.client.post('/users').send({}).expect(422);
    const ids = [a, b, c].map(res => res.headers['x-request-id']);
    for (const id of ids) expect(id).to.match(UUID);
    expect(new Set(ids).size).to.equal(3);
  });

  it('ignores a client-sent X-Request-Id without a trusted proxy', async () => {
    const res = await running.client
      .get('/health')
      .set('X-Request-Id', 'forged-by-client')
      .expect(200);
    expect(res.headers['x-request-id']).to.match(UUID);
  });

  it('writes one access line per request: method, route template, status, duration, id', async () => {
    const res = await running.client
      .get('/sessions/0000-not-an-id?x=1')
      .expect(401);
    const id = res.headers['x-request-id'];
    const access = linesOf(logs, id).filter(line => line.msg === 'request');
    expect(access).to.have.length(1);
    expect(access[0]).to.containDeep({
      requestId: id,
      method: 'GET',
      route: '/sessions/{id}',
      status: 401,
    });
    expect(access[0]?.durationMs).to.be.a.Number();
    expect(JSON.stringify(access[0])).to.not.match(/0000-not-an-id|x=1/);
  });

  it('stamps every line of a request with its id, and never logs its secrets', async () => {
    const user = await givenSignedUpUser(running.client);
    const secretBody = 'Body-Secret-Password-7c1d2e';
    const secretQuery = 'query-token-9f8e7d6c5b4a';
    const res = await running.client
      .post(`/auth/login?access_token=${secretQuery}&client_id=web`)
      .send({login: user.email, password: secretBody})
      .expect(401);
    const id = res.headers['x-request-id'];
    const lines = linesOf(logs, id);
    // The audit line of the refused sign-in and the access line.
    expect(lines.map(line => line.msg)).to.containDeep([
      'audit: login.failed',
      'request',
    ]);
    expect(lines.find(l => l.msg === 'request')).to.containDeep({
      route: '/auth/login',
      status: 401,
    });
    const text = logs.text();
    expect(text).to.not.containEql(secretBody);
    expect(text).to.not.containEql(secretQuery);
  });

  it('never logs an Authorization header', async () => {
    const bearer = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig-abcdef123';
    await running.client
      .get('/users/me')
      .set('Authorization', `Bearer ${bearer}`)
      .expect(401);
    expect(logs.text()).to.not.containEql(bearer);
  });
});

describe('Request ids behind a trusted proxy (acceptance)', () => {
  let running: RunningApp;
  let logs: CapturedLogger;
  before(async () => {
    logs = givenCapturedLogger();
    running = await givenRunningApp(
      {TRUST_PROXY: 'loopback'},
      {logger: logs.logger},
    );
  });
  after(() => running.app.stop());

  it("keeps the proxy's X-Request-Id and logs it", async () => {
    const id = 'Root=1-67891233-abcdef012345678912345678';
    const res = await running.client
      .get('/health')
      .set('X-Request-Id', id)
      .expect(200);
    expect(res.headers['x-request-id']).to.equal(id);
    expect(linesOf(logs, id).map(l => l.msg)).to.eql(['request']);
  });

  it('replaces one that is not a sane id', async () => {
    for (const bad of ['two words', 'x'.repeat(129), '<script>', 'a"b']) {
      const res = await running.client
        .get('/health')
        .set('X-Request-Id', bad)
        .expect(200);
      expect(res.headers['x-request-id']).to.match(UUID);
    }
  });
});
