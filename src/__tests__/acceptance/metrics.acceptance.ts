import {expect} from '@loopback/testlab';
import {givenRunningApp, RunningApp} from '../fixtures/app';
import {
  basicHeader,
  givenEmail,
  givenLogin,
  givenSignedUpUser,
} from '../fixtures/accounts';
import {codeOf} from '../fixtures/accounts';

const METRICS_TOKEN = 'metrics-token-0123456789-abcdefghijklmnopq';

/**
 * A Prometheus text exposition line: `# HELP`/`# TYPE`, or a sample
 * `name{label="value",…} number`.
 */
const COMMENT = /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/;
const SAMPLE =
  /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.e+-]+|NaN|Nan|[+-]Inf)$/;

function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    if (line.startsWith('#')) {
      expect(line).to.match(COMMENT);
      continue;
    }
    expect(line).to.match(SAMPLE);
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

describe('GET /metrics (acceptance)', () => {
  let running: RunningApp;
  before(async () => {
    running = await givenRunningApp({METRICS_TOKEN});
  });
  after(() => running.app.stop());

  async function scrape(): Promise<{
    text: string;
    samples: Map<string, number>;
  }> {
    const res = await running.client
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}`)
      .expect(200)
      .expect('Content-Type', /^text\/plain; version=0\.0\.4/);
    return {text: res.text, samples: parseExposition(res.text)};
  }

  it('refuses an anonymous caller and a wrong token', async () => {
    const anonymous = await running.client.get('/metrics').expect(401);
    expect(codeOf(anonymous)).to.equal('AUTHENTICATION_REQUIRED');
    expect(anonymous.text).to.not.match(/identity_http_requests_total/);
    const wrong = await running.client
      .get('/metrics')
      .set('Authorization', `Bearer ${METRICS_TOKEN}x`)
      .expect(401);
    expect(codeOf(wrong)).to.equal('INVALID_TOKEN');
    const basic = await running.client
      .get('/metrics')
      .set('Authorization', basicHeader('metrics', METRICS_TOKEN))
      .expect(401);
    expect(codeOf(basic)).to.equal('INVALID_CREDENTIALS');
    expect(basic.text).to.not.match(/identity_http_requests_total/);
  });

  it('serves parseable Prometheus text with process metrics and health', async () => {
    await running.client.get('/health').expect(200);
    const {samples} = await scrape();
    expect(
      samples.get(
        'identity_http_requests_total{method="GET",route="/health",status="200"}',
      ),
    ).to.be.greaterThanOrEqual(1);
    expect(samples.has('process_cpu_user_seconds_total')).to.be.true();
    expect(samples.has('nodejs_heap_size_used_bytes')).to.be.true();
    expect(
      samples.get('identity_dependency_up{dependency="database"}'),
    ).to.equal(1);
    expect(samples.get('identity_dependency_up{dependency="store"}')).to.equal(
      1,
    );
  });

  it('labels requests by route template, never by raw path or query', async () => {
    const id = 'f00dfeed-0000-4000-8000-00000000beef';
    await running.client.get(`/sessions/${id}?access_token=secret-in-query`);
    await running.client.get('/no/such/path-abc123').expect(404);
    const {text, samples} = await scrape();
    expect(text).to.not.containEql(id);
    expect(text).to.not.containEql('secret-in-query');
    expect(text).to.not.containEql('path-abc123');
    expect(
      samples.get(
        'identity_http_requests_total{method="GET",route="/sessions/{id}",status="401"}',
      ),
    ).to.be.greaterThanOrEqual(1);
    expect(
      samples.get(
        // Static files are served from public/: a path nothing serves is theirs.
        'identity_http_requests_total{method="GET",route="static",status="404"}',
      ),
    ).to.be.greaterThanOrEqual(1);
    expect(
      samples.get(
        'identity_http_request_duration_seconds_count{method="GET",route="/sessions/{id}",status="401"}',
      ),
    ).to.be.greaterThanOrEqual(1);
  });

  it('counts sign-ins by method and outcome, without emails', async () => {
    const before = (await scrape()).samples;
    const user = await givenSignedUpUser(running.client, {
      email: givenEmail('metrics'),
    });
    await givenLogin(running.client, user);
    await running.client
      .post('/auth/login')
      .send({login: user.email, password: 'wrong password, quite long'})
      .expect(401);
    await running.client
      .get('/users/me')
      .set('Authorization', basicHeader(user.email, user.password))
      .expect(200);
    await running.client
      .get('/users/me')
      .set('Authorization', 'Bearer not-a-token')
      .expect(401);
    const {text, samples} = await scrape();
    const grew = (name: string) =>
      (samples.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(
      grew('identity_sign_ins_total{method="password",outcome="success"}'),
    ).to.equal(1);
    expect(
      grew('identity_sign_ins_total{method="password",outcome="failure"}'),
    ).to.equal(1);
    expect(
      grew('identity_sign_ins_total{method="basic",outcome="success"}'),
    ).to.equal(1);
    expect(
      grew('identity_tokens_refused_total{reason="INVALID_TOKEN"}'),
    ).to.equal(1);
    expect(text).to.not.containEql(user.email);
    expect(text).to.not.containEql(user.id);
  });

  it('counts issued and refused token requests by grant', async () => {
    const user = await givenSignedUpUser(running.client);
    const tokens = await givenLogin(running.client, user);
    const before = (await scrape()).samples;
    await running.client
      .post('/auth/token')
      .type('form')
      .send({grant_type: 'refresh_token', refresh_token: tokens.refresh_token})
      .expect(200);
    await running.client
      .post('/auth/token')
      .type('form')
      .send({grant_type: 'refresh_token', refresh_token: 'nonsense'})
      .expect(400);
    const {samples} = await scrape();
    const grew = (name: string) =>
      (samples.get(name) ?? 0) - (before.get(name) ?? 0);
    expect(
      grew('identity_tokens_issued_total{grant="refresh_token"}'),
    ).to.equal(1);
    expect(
      grew('identity_tokens_refused_total{reason="invalid_grant"}'),
    ).to.equal(1);
  });
});

describe('GET /metrics switched off or public (acceptance)', () => {
  it('is 404 with METRICS=false, even with the token', async () => {
    const running = await givenRunningApp({METRICS: 'false', METRICS_TOKEN});
    try {
      const res = await running.client
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}`)
        .expect(404);
      expect(codeOf(res)).to.equal('NOT_FOUND');
    } finally {
      await running.app.stop();
    }
  });

  it('refuses every scrape when no METRICS_TOKEN is set', async () => {
    const running = await givenRunningApp();
    try {
      await running.client.get('/metrics').expect(401);
      await running.client
        .get('/metrics')
        .set('Authorization', 'Bearer undefined')
        .expect(401);
    } finally {
      await running.app.stop();
    }
  });

  it('counts rate-limit refusals by limit, never by address', async () => {
    const running = await givenRunningApp(
      {METRICS_PUBLIC: 'true'},
      {rateLimits: {perIp: {login: {points: 2, durationSec: 60}}}},
    );
    try {
      const attempt = () =>
        running.client.post('/auth/login').send({login: 'x', password: 'y'});
      await attempt().expect(401);
      await attempt().expect(401);
      await attempt().expect(429);
      const res = await running.client.get('/metrics').expect(200);
      const samples = parseExposition(res.text);
      expect(
        samples.get('identity_rate_limit_refusals_total{limit="ip:login"}'),
      ).to.equal(1);
      expect(res.text).to.not.match(/127\.0\.0\.1|::1/);
    } finally {
      await running.app.stop();
    }
  });

  it('answers anyone with METRICS_PUBLIC=true', async () => {
    const running = await givenRunningApp({METRICS_PUBLIC: 'true'});
    try {
      const res = await running.client.get('/metrics').expect(200);
      expect(parseExposition(res.text).size).to.be.greaterThan(10);
    } finally {
      await running.app.stop();
    }
  });
});
