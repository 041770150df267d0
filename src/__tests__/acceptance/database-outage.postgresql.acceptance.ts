import {expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {randomUUID} from 'node:crypto';
import {givenDataDir, removeDataDir} from '../fixtures/app';
import {call, HttpAnswer} from '../fixtures/http';
import {
  postgresBinDir,
  PostgresCluster,
  startPostgresCluster,
} from '../fixtures/postgres-cluster';
import {
  runMigrate,
  ServiceProcess,
  startServiceProcess,
} from '../fixtures/service-process';

const PASSWORD = 'correct horse battery staple 42';

/**
 * A PostgreSQL restart or a cut connection costs the requests made while it
 * lasts, nothing more: the process stays up, they get 503
 * SERVICE_UNAVAILABLE (RFC 6749's temporarily_unavailable on /auth/token),
 * /ready says so, and sign-in works again once the database is back.
 * Runs on a private cluster this suite starts, stops and deletes.
 */
describe('PostgreSQL outage (acceptance)', function (this: Mocha.Suite) {
  this.timeout(60000);
  let cluster: PostgresCluster | undefined;
  let service: ServiceProcess | undefined;
  let dataDir: string | undefined;

  before(givenServiceOnPrivateCluster);
  after(async () => {
    await service?.stop();
    await cluster?.destroy();
    if (dataDir) removeDataDir(dataDir);
  });

  it('survives a restart: 503 with codes while down, sign-in after', async () => {
    const {url} = service!;
    const email = await givenSignedUp();
    const tokens = (await login(email)).body;
    await givenPooledConnections(tokens.access_token);

    await cluster!.stop();
    expect(service!.alive()).to.be.true();

    const me = await call(url, 'GET', '/users/me', {
      auth: `Bearer ${tokens.access_token}`,
    });
    expectUnavailable(me);
    expectUnavailable(await login(email));
    const refreshed = await call(url, 'POST', '/auth/token', {
      body: {grant_type: 'refresh_token', refresh_token: tokens.refresh_token},
    });
    expect(refreshed.status).to.equal(503);
    expect(refreshed.body.error).to.equal('temporarily_unavailable');
    expect(refreshed.body.error_description).to.be.a.String();
    expect(refreshed.headers.get('retry-after')).to.match(/^\d+$/);
    const ready = await call(url, 'GET', '/ready');
    expect(ready.status).to.equal(503);
    expect(ready.body.checks.database).to.equal('unreachable');
    expect(service!.alive()).to.be.true();

    await cluster!.start();
    const again = await login(email);
    expect(again.status).to.equal(200);
    expect(
      (
        await call(url, 'GET', '/users/me', {
          auth: `Bearer ${again.body.access_token}`,
        })
      ).status,
    ).to.equal(200);
    expect((await call(url, 'GET', '/ready')).status).to.equal(200);
    expect(service!.alive()).to.be.true();
  });

  it('survives pg_terminate_backend on every connection', async () => {
    const email = await givenSignedUp();
    const tokens = (await login(email)).body;
    await givenPooledConnections(tokens.access_token);

    expect(await cluster!.terminateBackends()).to.be.above(0);

    // A request may still pick a connection whose termination it has not
    // read yet: that request fails, cleanly, and the pool drops the
    // connection. At most one per pooled connection (pg-pool's max is 10).
    let res = await login(email);
    for (let attempt = 1; res.status !== 200 && attempt < 10; attempt++) {
      expectUnavailable(res);
      res = await login(email);
    }
    expect(res.status).to.equal(200);
    expect(service!.alive()).to.be.true();
  });

  it('starts while the database is down and serves once it is up', async () => {
    const email = await givenSignedUp();
    await cluster!.stop();
    // By default a node refuses to start without its database (issue 14);
    // START_WITHOUT_DATABASE keeps the behaviour this test relies on.
    const second = await startServiceProcess({
      DATABASE_URL: cluster!.url('identity'),
      DATA_DIR: dataDir!,
      START_WITHOUT_DATABASE: 'true',
    });
    try {
      expect((await call(second.url, 'GET', '/ready')).status).to.equal(503);
      expectUnavailable(
        await call(second.url, 'POST', '/auth/login', {
          body: {login: email, password: PASSWORD},
        }),
      );
      await cluster!.start();
      const res = await call(second.url, 'POST', '/auth/login', {
        body: {login: email, password: PASSWORD},
      });
      expect(res.status).to.equal(200);
      expect(second.alive()).to.be.true();
    } finally {
      await second.stop();
    }
  });

  async function givenServiceOnPrivateCluster(this: Context): Promise<void> {
    if (!postgresBinDir()) {
      if (process.env.CI === 'true') {
        throw new Error('PostgreSQL server binaries are needed under CI');
      }
      console.log('      PostgreSQL outage suite did NOT run: no initdb');
      this.skip();
    }
    cluster = await startPostgresCluster();
    await cluster.createDatabase('identity');
    dataDir = givenDataDir();
    const env = {DATABASE_URL: cluster.url('identity'), DATA_DIR: dataDir};
    await runMigrate(env);
    service = await startServiceProcess(env);
  }

  async function givenSignedUp(): Promise<string> {
    const email = `outage-${randomUUID()}@example.com`;
    const res = await call(service!.url, 'POST', '/users', {
      body: {email, password: PASSWORD},
    });
    expect(res.status).to.equal(201);
    return email;
  }

  function login(email: string): Promise<HttpAnswer> {
    return call(service!.url, 'POST', '/auth/login', {
      body: {login: email, password: PASSWORD},
    });
  }

  /** Concurrent requests, so the pool holds several idle connections. */
  async function givenPooledConnections(accessToken: string): Promise<void> {
    const answers = await Promise.all(
      Array.from({length: 8}, () =>
        call(service!.url, 'GET', '/users/me', {
          auth: `Bearer ${accessToken}`,
        }),
      ),
    );
    expect(answers.map(a => a.status)).to.deepEqual(Array(8).fill(200));
  }
});

function expectUnavailable(res: HttpAnswer): void {
  expect({status: res.status, code: res.body?.error?.code}).to.deepEqual({
    status: 503,
    code: 'SERVICE_UNAVAILABLE',
  });
  expect(res.headers.get('retry-after')).to.match(/^\d+$/);
  expect(JSON.stringify(res.body)).to.not.match(/57P01|ECONNREFUSED|terminat/i);
}
