import {expect} from '@loopback/testlab';
import {startCommand} from '../../start-command';
import {givenDataDir, removeDataDir} from '../fixtures/app';
import {ServiceProcess, startServiceProcess} from '../fixtures/service-process';

/**
 * Issue 14: `npm start`'s command line (package.json: V8 heap flags,
 * scripts/start.js with its stand-ins), as the benchmark measures it and as
 * an operator runs it without npm. The Node running the tests must accept
 * the flags, and the service must serve with the stand-ins in place.
 */
describe('The start script command line (acceptance)', function (this: Mocha.Suite) {
  this.timeout(60000);
  let dataDir: string;
  let service: ServiceProcess;
  /** The modules Node loaded until the service listened. */
  let loadedAtStart: string[];

  before(async () => {
    dataDir = givenDataDir();
    // Node prints each module it loads: the stand-ins must replace them.
    service = await startServiceProcess(
      {DATA_DIR: dataDir, NODE_DEBUG: 'module'},
      startCommand().args,
    );
    loadedAtStart = service.logs.filter(line =>
      /^MODULE \d+: load "/.test(line),
    );
  });
  after(async () => {
    await service.stop();
    removeDataDir(dataDir);
  });

  it('runs node with V8 heap flags on scripts/start.js', () => {
    const {command, args} = startCommand();
    expect(command).to.match(/^node --max-semi-space-size=\d+ /);
    expect(args[args.length - 1]).to.match(/scripts\/start\.js$/);
  });

  it('loads LoopBack from the bundle, not as modules of node_modules', () => {
    const fromNodeModules = loadedAtStart.filter(line =>
      line.includes('/node_modules/'),
    );
    expect(fromNodeModules.length).to.be.above(0);
    expect(
      fromNodeModules.filter(line =>
        /node_modules\/(@loopback\/[^/]+|loopback-datasource-juggler|express)\/(?!node_modules\/)/.test(
          line,
        ),
      ),
    ).to.eql([]);
    // About 1,500 without the bundle.
    expect(fromNodeModules.length).to.be.below(200);
  });

  it('loads none of the optional libraries at start', () => {
    const optional = new RegExp(
      'node_modules/(' +
        [
          '@node-saml/',
          '@xmldom/',
          'ldapts/',
          'ioredis/',
          'nodemailer/',
          'otplib/',
          'qrcode/',
          'bcryptjs/',
          '@simplewebauthn/',
          'openid-client/',
          'rate-limiter-flexible/lib/RateLimiterMongo',
          'strong-globalize/lib/',
          'swagger-ui-dist/swagger-ui-bundle',
        ].join('|') +
        ')',
    );
    expect(loadedAtStart.filter(line => optional.test(line))).to.eql([]);
  });

  it('signs up, signs in and answers /users/me', async () => {
    const account = {
      email: `start-${Date.now()}@example.com`,
      password: 'correct horse battery staple 42',
    };
    const created = await post(`${service.url}/users`, account);
    expect(created.status).to.equal(201);
    const login = await post(`${service.url}/auth/login`, {
      login: account.email,
      password: account.password,
    });
    const {access_token: token} = (await login.json()) as {
      access_token: string;
    };
    const me = await fetch(`${service.url}/users/me`, {
      headers: {authorization: `Bearer ${token}`},
    });
    expect(((await me.json()) as {email: string}).email).to.equal(
      account.email,
    );
  });

  it('answers bad input with the stable code, through juggler and the error writer', async () => {
    const res = await post(`${service.url}/users`, {email: 'x', password: 1});
    expect(res.status).to.equal(422);
    const body = (await res.json()) as {error: {code: string}};
    expect(body.error.code).to.be.a.String();
  });

  it('decodes a form body in another charset (iconv-lite, outside the bundle)', async () => {
    const res = await fetch(`${service.url}/auth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=iso-8859-1',
      },
      body: Buffer.from(
        'grant_type=refresh_token&refresh_token=caf\xe9&client_id=web',
        'latin1',
      ),
    });
    expect(res.status).to.equal(400);
    expect(((await res.json()) as {error: string}).error).to.equal(
      'invalid_grant',
    );
  });

  it('serves the explorer and its swagger-ui bundle', async () => {
    const page = await fetch(`${service.url}/explorer/`);
    expect(page.status).to.equal(200);
    const bundle = await fetch(`${service.url}/explorer/swagger-ui-bundle.js`);
    expect(bundle.status).to.equal(200);
    expect((await bundle.text()).length).to.be.above(500_000);
  });
});

function post(url: string, body: object): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify(body),
  });
}
