import {expect} from '@loopback/testlab';
import net from 'node:net';
import path from 'node:path';
import {startCommand} from '../../start-command';
import {givenDataDir, removeDataDir} from '../fixtures/app';
import {freePort} from '../fixtures/free-port';
import {runToExit, serviceProcessPerTest} from '../fixtures/service-process';
import {
  requirePostgresAndRedis,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
} from '../fixtures/services';

const PASSWORD = 'correct horse battery staple 42';

/**
 * Issue 14: the service as an operator runs it (`node dist/index.js` and
 * `npm start`'s command line, a child process): SIGTERM lets the requests in flight finish and exits 0;
 * a port in use or an unreachable database at start is one line on stderr
 * and exit 1; `npm run migrate` exits as soon as it is done.
 */
/** `node .` and the start script's command line (the bundle). */
const COMMANDS: [string, string[]][] = [
  ['node dist/index.js', [path.join(__dirname, '../../index.js')]],
  ['the start script', startCommand().args],
];

for (const [command, argv] of COMMANDS)
  describe(`The service process (${command}): stop and start failures (acceptance)`, function (this: Mocha.Suite) {
    this.timeout(60000);
    const processes = serviceProcessPerTest(argv);

    it('on SIGTERM refuses new connections, finishes a request in flight and exits 0', async () => {
      const service = await processes.start();
      const slow = slowSignUp(service.url, `slow-${Date.now()}@example.com`);
      await slow.headersSent;
      await sleep(300);
      service.kill('SIGTERM');
      await untilRefused(service.url);
      expect(service.alive()).to.be.true();
      slow.sendRest();
      expect(await slow.response).to.match(/^HTTP\/1\.1 201 /);
      expect(await service.exited).to.equal(0);
      expect(service.logs.join('\n')).to.match(/identity service stopped/);
    });

    it('cuts a request still unfinished after SHUTDOWN_TIMEOUT, and exits 0', async () => {
      const service = await processes.start({SHUTDOWN_TIMEOUT: '1'});
      const slow = slowSignUp(service.url, `stuck-${Date.now()}@example.com`);
      await slow.headersSent;
      await sleep(300);
      const signalled = Date.now();
      service.kill('SIGTERM');
      expect(await service.exited).to.equal(0);
      expect(Date.now() - signalled).to.be.below(5000);
      expect(await slow.response).to.equal('');
    });

    it('says in one line that the port is in use, and exits 1', async () => {
      const blocker = net.createServer();
      await new Promise<void>(resolve =>
        blocker.listen(0, '127.0.0.1', resolve),
      );
      const {port} = blocker.address() as net.AddressInfo;
      try {
        const run = await runToExit(argv, {
          DATA_DIR: processes.dataDir,
          PORT: String(port),
        });
        expect(run.code).to.equal(1);
        expect(run.stderr.trim().split('\n')).to.eql([
          `Cannot start the identity service: port ${port} on 127.0.0.1 is already in use (another process listens there; stop it or set PORT).`,
        ]);
      } finally {
        blocker.close();
      }
    });

    it('says in one line which database is unreachable, without its password, and exits 1', async () => {
      const port = await freePort();
      const run = await runToExit(argv, {
        DATA_DIR: processes.dataDir,
        DATABASE_URL: `postgres://bob:s3cret-pw@127.0.0.1:${port}/identity`,
      });
      expect(run.code).to.equal(1);
      const lines = run.stderr.trim().split('\n');
      expect(lines).to.have.length(1);
      expect(lines[0]).to.startWith(
        `Cannot start the identity service: the database at 127.0.0.1:${port} (DATABASE_URL) is unreachable: `,
      );
      expect(run.stderr + run.stdout).to.not.containEql('s3cret-pw');
      expect(run.ms).to.be.below(15000);
    });
  });

describe('npm run migrate on PostgreSQL (acceptance)', function (this: Mocha.Suite) {
  this.timeout(60000);
  let dataDir: string;

  before(requirePostgresAndRedis);
  beforeEach(() => (dataDir = givenDataDir()));
  afterEach(() => removeDataDir(dataDir));

  it('exits 0 within a few seconds with REDIS_URL set', async () => {
    const run = await runToExit('migrate.js', {
      DATA_DIR: dataDir,
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: TEST_REDIS_URL,
    });
    expect(run.code).to.equal(0);
    expect(run.ms).to.be.below(8000);
  });

  it('exits 0 within a few seconds without Redis, not waiting on idle pool connections', async () => {
    const run = await runToExit('migrate.js', {
      DATA_DIR: dataDir,
      DATABASE_URL: TEST_DATABASE_URL,
    });
    expect(run.code).to.equal(0);
    expect(run.ms).to.be.below(8000);
  });
});

interface SlowRequest {
  /** Resolves once the headers and the start of the body are written. */
  headersSent: Promise<void>;
  /** Writes the rest of the body. */
  sendRest(): void;
  /** Everything the server sent before it closed the connection. */
  response: Promise<string>;
}

/** A sign-up whose body arrives only when the test says so. */
function slowSignUp(url: string, email: string): SlowRequest {
  const {hostname, port} = new URL(url);
  const body = JSON.stringify({email, password: PASSWORD});
  const socket = net.connect(Number(port), hostname);
  let received = '';
  socket.on('data', chunk => (received += String(chunk)));
  const response = new Promise<string>(resolve => {
    socket.on('error', () => {});
    socket.on('close', () => resolve(received));
  });
  const headersSent = new Promise<void>(resolve =>
    socket.once('connect', () => {
      socket.write(
        `POST /users HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
          `Content-Type: application/json\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n` +
          body.slice(0, 10),
        () => resolve(),
      );
    }),
  );
  return {headersSent, response, sendRest: () => socket.write(body.slice(10))};
}

/** Resolves once a new TCP connection to the service is refused. */
async function untilRefused(url: string): Promise<void> {
  const {hostname, port} = new URL(url);
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const refused = await new Promise<boolean>(resolve => {
      const socket = net.connect(Number(port), hostname);
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    if (refused) return;
    await sleep(50);
  }
  throw new Error('the service still accepts connections after SIGTERM');
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
