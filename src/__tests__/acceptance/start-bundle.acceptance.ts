import {expect} from '@loopback/testlab';
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import {START_CACHE} from '../../start-loader';
import {startCommand} from '../../start-command';
import {APPS_PROVIDERS, givenProvidersFile} from '../fixtures/applications';
import {freePort} from '../fixtures/free-port';
import {givenFlowParams} from '../fixtures/provider-flows';
import {runMigrate, serviceProcessPerTest} from '../fixtures/service-process';
import {
  requirePostgresAndRedis,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
} from '../fixtures/services';

const PASSWORD = 'correct horse battery staple 42';

/**
 * Issue 14: `npm start` runs the service from dist/start.bundle.js with a
 * V8 code cache (src/start-loader.ts). What the bundle leaves to Node's own
 * require (database connectors, Redis, Passport strategies named in
 * providers.json) must still load, and the cache must be reused, and
 * replaced when damaged, without ever stopping a start.
 */
describe('npm start from the bundle (acceptance)', function (this: Mocha.Suite) {
  this.timeout(60000);
  const processes = serviceProcessPerTest(startCommand().args);
  const start = (env?: Record<string, string>) => processes.start(env);

  it('saves its code cache once, and the next start uses it as it is', async () => {
    fs.rmSync(START_CACHE, {force: true});
    const first = await start();
    const saved = await untilCacheFile();
    await first.stop();
    const file = fs.statSync(START_CACHE);

    const second = await start();
    expect((await get(`${second.url}/health`)).status).to.equal(200);
    await sleep(1000);
    // A rejected cache would have been written again (a new file).
    expect(cacheDigest()).to.equal(saved);
    const now = fs.statSync(START_CACHE);
    expect([now.ino, now.mtimeMs]).to.eql([file.ino, file.mtimeMs]);
  });

  it('starts from a damaged cache and replaces it', async () => {
    const first = await start();
    await untilCacheFile();
    await first.stop();
    const file = fs.readFileSync(START_CACHE);
    file[file.length - 100] ^= 0xff;
    fs.writeFileSync(START_CACHE, file);
    const damaged = cacheDigest();

    const second = await start();
    expect((await get(`${second.url}/health`)).status).to.equal(200);
    const replaced = await untilCacheFile(damaged);
    expect(replaced).to.not.equal(damaged);
  });

  describe('on PostgreSQL with Redis', () => {
    before(requirePostgresAndRedis);

    it('signs in on PostgreSQL with Redis: the connector from the bundle, ioredis from node_modules', async () => {
      const env = {DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: TEST_REDIS_URL};
      await runMigrate({DATA_DIR: processes.dataDir, ...env});
      const service = await start(env);
      const email = `bundle-${Date.now()}@example.com`;
      expect(
        (await post(`${service.url}/users`, {email, password: PASSWORD}))
          .status,
      ).to.equal(201);
      const login = await post(`${service.url}/auth/login`, {
        login: email,
        password: PASSWORD,
      });
      const {access_token: token} = (await login.json()) as {
        access_token: string;
      };
      const me = await get(`${service.url}/users/me`, token);
      expect(((await me.json()) as {email: string}).email).to.equal(email);
    });
  });

  it('starts a sign-in with a Passport strategy providers.json names', async () => {
    const port = await freePort();
    const service = await start({
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      // The module named: required by name, from outside the bundle.
      PROVIDERS_FILE: givenProvidersFile({
        'facebook-login': {
          ...APPS_PROVIDERS['facebook-login'],
          module: 'passport-facebook',
        },
      }),
    });
    const query = new URLSearchParams({
      // The service's own page is the client here.
      ...givenFlowParams({redirect_uri: `${service.url}/`}).query,
      response_mode: 'json',
    });
    const res = await get(`${service.url}/auth/facebook-login?${query}`);
    expect(res.status).to.equal(200);
    expect(((await res.json()) as {url: string}).url).to.match(
      /^https:\/\/www\.facebook\.com\/[^?]*dialog\/oauth\?.*client_id=global-fb-id/,
    );
  });
});

/** The cache file's SHA-256, or undefined when there is none. */
function cacheDigest(): string | undefined {
  try {
    return createHash('sha256')
      .update(fs.readFileSync(START_CACHE))
      .digest('hex');
  } catch {
    return undefined;
  }
}

/** Waits until the cache file exists and differs from `previous`. */
async function untilCacheFile(previous?: string): Promise<string> {
  const deadline = Date.now() + 15000;
  for (;;) {
    const digest = cacheDigest();
    if (digest && digest !== previous) return digest;
    if (Date.now() > deadline) throw new Error('no code cache was saved');
    await sleep(50);
  }
}

function get(url: string, token?: string): Promise<Response> {
  return fetch(url, {
    headers: token ? {authorization: `Bearer ${token}`} : {},
  });
}

function post(url: string, body: object): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify(body),
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
