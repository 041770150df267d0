import {expect} from '@loopback/testlab';
import {spawn} from 'node:child_process';
import path from 'node:path';
import {decodeProtectedHeader} from 'jose';
import {
  givenDataDir,
  givenRunningApp,
  removeDataDir,
  TEST_APP_SECRET,
} from '../fixtures/app';
import {givenSession, givenUser} from '../fixtures/oauth';

/** The built entry points, as npm's scripts run them. */
const DIST = path.resolve(__dirname, '../..');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `dist/<script>.js` with `args` to its end. */
async function run(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<Exit> {
  const child = spawn(process.execPath, [path.join(DIST, script), ...args], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      APP_SECRET: TEST_APP_SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => (stdout += String(chunk)));
  child.stderr.on('data', chunk => (stderr += String(chunk)));
  const code = await new Promise<number | null>(resolve =>
    child.once('exit', resolve),
  );
  return {code, stdout, stderr};
}

describe('TOKEN_SIGNING_ALG and rotate-keys from the command line (acceptance)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = givenDataDir();
  });
  afterEach(() => removeDataDir(dataDir));

  it('npm start refuses an unknown TOKEN_SIGNING_ALG, naming the variable', async () => {
    const exit = await run('index.js', [], {
      DATA_DIR: dataDir,
      TOKEN_SIGNING_ALG: 'HS256',
    });
    expect(exit.code).to.equal(1);
    expect(exit.stderr).to.containEql(
      'TOKEN_SIGNING_ALG: expected one of RS256, ES256, EdDSA, got "HS256"',
    );
  });

  it('rotate-keys makes a key for every algorithm in use and schedules the old ones', async () => {
    const before = await givenRunningApp({
      DATA_DIR: dataDir,
      TOKEN_SIGNING_ALG: 'EdDSA',
    });
    const user = await givenUser(before.app);
    const edKid = decodeProtectedHeader(
      (await givenSession(before.app, user.id)).access_token,
    ).kid;
    await before.app.stop();

    const exit = await run('rotate-keys.js', ['--retire-previous'], {
      DATA_DIR: dataDir,
      TOKEN_SIGNING_ALG: 'RS256',
    });
    expect(exit).to.containDeep({code: 0, stderr: ''});
    expect(exit.stdout).to.match(/^New RS256 signing key: [0-9a-f-]{36}$/m);
    expect(exit.stdout).to.match(/^New EdDSA signing key: [0-9a-f-]{36}$/m);
    expect(exit.stdout).to.match(
      new RegExp(`^EdDSA key ${edKid} stops verifying at \\S+Z$`, 'm'),
    );

    const after = await givenRunningApp({DATA_DIR: dataDir});
    try {
      const {keys} = (
        await after.client.get('/.well-known/jwks.json').expect(200)
      ).body;
      expect(keys.map((k: {alg: string}) => k.alg).sort()).to.eql([
        'EdDSA',
        'EdDSA',
        'RS256',
      ]);
    } finally {
      await after.app.stop();
    }
  });

  it('rotate-keys refuses an unknown argument or algorithm with its usage', async () => {
    for (const args of [['--retire-prev'], ['--alg', 'none']]) {
      const exit = await run('rotate-keys.js', args, {DATA_DIR: dataDir});
      expect(exit.code).to.equal(1);
      expect(exit.stderr).to.match(/usage: npm run rotate-keys/);
    }
  });
});
