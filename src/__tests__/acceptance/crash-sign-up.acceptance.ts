import {createRestAppClient, expect} from '@loopback/testlab';
import {ChildProcess, spawn} from 'node:child_process';
import {once} from 'node:events';
import {randomUUID} from 'node:crypto';
import path from 'node:path';
import readline from 'node:readline';
import {UserRepository} from '../../repositories';
import {givenDataDir, removeDataDir} from '../fixtures/app';
import {givenCrashableNode} from '../fixtures/crash-node';

const SIGN_UPS = 30;
/** The node dies once this many sign-ups were answered: mid-burst. */
const KILL_AFTER = 6;

describe('a node killed in the middle of sign-ups (embedded database)', () => {
  let dataDir: string;
  let node: ChildProcess | undefined;
  beforeEach(() => {
    dataDir = givenDataDir();
  });
  afterEach(() => {
    node?.kill('SIGKILL');
    removeDataDir(dataDir);
  });

  it('leaves every account that exists able to sign in, and loses none it acknowledged', async () => {
    node = spawn(
      process.execPath,
      [path.join(__dirname, '../fixtures/crash-node.js')],
      {
        env: {...process.env, DATA_DIR: dataDir},
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const url = await readyUrl(node);
    const exited = once(node, 'exit');
    const accounts = Array.from({length: SIGN_UPS}, (_, i) => ({
      email: `crash-${i}-${randomUUID().slice(0, 8)}@example.com`,
      password: `crash test passphrase number ${i}`,
    }));
    const acknowledged: string[] = [];
    await Promise.all(
      accounts.map(async account => {
        const res = await fetch(`${url}/users`, {
          method: 'POST',
          headers: {'content-type': 'application/json'},
          body: JSON.stringify(account),
        }).catch(() => undefined);
        if (res?.status !== 201) return;
        acknowledged.push(account.email);
        if (acknowledged.length === KILL_AFTER) node!.kill('SIGKILL');
      }),
    );
    await exited;
    expect(acknowledged.length).to.be.within(KILL_AFTER, SIGN_UPS - 1);

    const app = await givenCrashableNode(dataDir);
    const client = createRestAppClient(app);
    try {
      const users = await (await app.getRepository(UserRepository)).find();
      const emails = users.map(u => u.email);
      expect(emails).to.containDeep(acknowledged);
      const passwords = new Map(accounts.map(a => [a.email, a.password]));
      for (const email of emails) {
        const res = await client
          .post('/auth/login')
          .send({login: email, password: passwords.get(email!)});
        expect({email, status: res.status}).to.eql({email, status: 200});
      }
    } finally {
      await app.stop();
    }
  });
});

/** The URL the node prints once it serves. */
async function readyUrl(node: ChildProcess): Promise<string> {
  const lines = readline.createInterface({input: node.stdout!});
  for await (const line of lines) {
    const match = /^READY (\S+)/.exec(line);
    if (match) {
      lines.close();
      return match[1]!;
    }
  }
  throw new Error('the node exited before serving');
}
