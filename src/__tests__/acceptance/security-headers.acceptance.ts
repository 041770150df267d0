import {get} from '@loopback/rest';
import {Client, expect} from '@loopback/testlab';
import {givenRunningApp, RunningApp} from '../fixtures/app';

/** What every response carries (helmet), whatever served it. */
const COMMON = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};
const PAGE_CSP =
  "default-src 'none';script-src 'self';style-src 'self';img-src 'self' data:;" +
  "connect-src 'self';form-action 'self';frame-ancestors 'none';" +
  "base-uri 'none';object-src 'none'";
// The QR code of an authenticator app's set-up is a data: image, as are
// swagger-ui's icons.
const EXPLORER_CSP = PAGE_CSP;

type Headers = Record<string, string | undefined>;

class FailingController {
  @get('/test/internal', {responses: {}})
  internal(): never {
    throw new Error('a fault');
  }
}

function expectSecurityHeaders(headers: Headers, csp = PAGE_CSP): void {
  expect(headers).to.containDeep(COMMON);
  expect(headers['content-security-policy']).to.equal(csp);
  expect(headers['strict-transport-security']).to.be.undefined();
}

describe('security headers (acceptance)', () => {
  let running: RunningApp;
  let client: Client;

  before(async () => {
    running = await givenRunningApp();
    running.app.controller(FailingController);
    client = running.client;
  });
  after(() => running?.app.stop());

  it('sends them with the page, at / and /index.html', async () => {
    for (const url of ['/', '/index.html']) {
      const res = await client.get(url).expect(200);
      expect(res.type).to.equal('text/html');
      expectSecurityHeaders(res.headers);
    }
  });

  it("sends the explorer's CSP with the explorer and its assets", async () => {
    const page = await client.get('/explorer/').expect(200);
    expect(page.text).to.match(/swagger-ui-bundle\.js/);
    // Nothing inline: the CSP forbids it.
    expect(page.text).to.not.match(/<script>|<style>|\son[a-z]+=/i);
    expectSecurityHeaders(page.headers, EXPLORER_CSP);
    const script = await client.get('/explorer/explorer.js').expect(200);
    expectSecurityHeaders(script.headers, EXPLORER_CSP);
    const redirect = await client.get('/explorer').expect(301);
    expectSecurityHeaders(redirect.headers, EXPLORER_CSP);
  });

  it('sends them with API answers: JSON, the OpenAPI document', async () => {
    const health = await client.get('/health').expect(200);
    expect(health.type).to.equal('application/json');
    expectSecurityHeaders(health.headers);
    const spec = await client.get('/openapi.json').expect(200);
    expectSecurityHeaders(spec.headers);
  });

  it('sends them with a 404, a 500, 4xx errors and a refused CORS preflight', async () => {
    const missing = await client.get('/no-such-route').expect(404);
    expect(missing.body.error.name).to.equal('NotFoundError');
    expectSecurityHeaders(missing.headers);

    const fault = await client.get('/test/internal').expect(500);
    expectSecurityHeaders(fault.headers);

    const unauthenticated = await client.get('/users/me').expect(401);
    expect(unauthenticated.body.error.code).to.equal('AUTHENTICATION_REQUIRED');
    expectSecurityHeaders(unauthenticated.headers);

    const invalid = await client.post('/users').send({email: 7}).expect(422);
    expectSecurityHeaders(invalid.headers);

    const preflight = await client
      .options('/users/me')
      .set('Origin', 'https://evil.example.net')
      .set('Access-Control-Request-Method', 'GET')
      .expect(403);
    expect(preflight.body.error.code).to.equal('ORIGIN_NOT_ALLOWED');
    expectSecurityHeaders(preflight.headers);
  });

  it("answers a browser's navigation to an error with the JSON error, not an HTML page", async () => {
    const res = await client
      .get('/no-such-route')
      .set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8')
      .expect(404);
    expect(res.type).to.equal('application/json');
    expect(res.body.error.name).to.equal('NotFoundError');
    expectSecurityHeaders(res.headers);
  });

  it('sends no HSTS over http, even when an untrusted client claims https', async () => {
    const res = await client
      .get('/health')
      .set('X-Forwarded-Proto', 'https')
      .expect(200);
    expect(res.headers['strict-transport-security']).to.be.undefined();
  });
});

describe('HSTS behind a trusted https proxy (acceptance)', () => {
  let running: RunningApp;

  before(async () => {
    running = await givenRunningApp({TRUST_PROXY: 'loopback'});
  });
  after(() => running?.app.stop());

  it('sends HSTS when the proxy forwarded an https request', async () => {
    const res = await running.client
      .get('/health')
      .set('X-Forwarded-Proto', 'https')
      .expect(200);
    expect(res.headers['strict-transport-security']).to.equal(
      'max-age=31536000; includeSubDomains',
    );
  });

  it('sends none when the proxy forwarded plain http', async () => {
    const res = await running.client
      .get('/health')
      .set('X-Forwarded-Proto', 'http')
      .expect(200);
    expect(res.headers['strict-transport-security']).to.be.undefined();
  });
});
