import {expect} from '@loopback/testlab';
import net from 'node:net';
import {AuditEventRepository} from '../../repositories';
import {RunningApp} from '../fixtures/app';
import {
  countAccounts,
  directoryLogin,
  expectInvalidCredentials,
  givenDirectoryApp,
  givenLdapEntry,
} from '../fixtures/directory-app';
import {freePort} from '../fixtures/free-port';
import {requireSlapd, Slapd} from '../fixtures/slapd';
import {PEOPLE_OF} from '../fixtures/slapd-data';

const {alice, bob, frank, tricky} = PEOPLE_OF;

/**
 * What an attacker tries at POST /auth/{name}/login (DESIGN §10): filter
 * injection, an empty password (which this slapd, like Active Directory,
 * would take as an anonymous bind), guessing; and a directory that is down
 * or hangs. Each answer is the one INVALID_CREDENTIALS, or a clear error
 * with nothing written.
 */
describe('LDAP sign-in security (acceptance)', function (this: Mocha.Suite) {
  this.timeout(30000);
  let slapd: Slapd;
  let running: RunningApp;
  let hanging: net.Server;
  let hangingPort: number;

  before(startDirectory);
  async function startDirectory(this: Mocha.Context): Promise<void> {
    requireSlapd(this);
    slapd = await Slapd.start();
    hangingPort = await freePort();
    // Accepts connections and never answers: an operation that times out.
    hanging = net
      .createServer(() => undefined)
      .listen(hangingPort, '127.0.0.1');
    running = await givenDirectoryApp({
      corp: givenLdapEntry(slapd),
      hanging: givenLdapEntry(slapd, {
        server: {url: `ldap://127.0.0.1:${hangingPort}`, timeout: 300},
      }),
    });
  }
  after(async () => {
    await running?.app.stop();
    await slapd?.remove();
    hanging?.close();
  });

  async function login(username: string, password: string, status = 401) {
    return directoryLogin(running.client, 'corp', {username, password}, status);
  }

  it('signs nobody in with filter syntax as the username', async () => {
    const before = await countAccounts(running);
    // Unescaped, `al*` would find alice alone and bind as her.
    for (const username of ['al*', '*', '*)(uid=*))(|(uid=*', 'alice)(uid=*']) {
      expectInvalidCredentials(await login(username, alice.password));
    }
    expect(await countAccounts(running)).to.eql(before);
  });

  it('signs in the user whose uid is filter syntax as that user only', async () => {
    expectInvalidCredentials(await login(tricky.uid, alice.password));
    const body = await login(tricky.uid, tricky.password, 200);
    const again = await login(tricky.uid, tricky.password, 200);
    expect(again.user_id).to.equal(body.user_id);
  });

  it('refuses an empty password before any bind, though the directory would accept it', async () => {
    const before = await countAccounts(running);
    expectInvalidCredentials(await login(bob.uid, ''));
    expect(await countAccounts(running)).to.eql(before);
  });

  it('answers a wrong password and an unknown user alike, and audits both', async () => {
    const audit = await running.app.getRepository(AuditEventRepository);
    const failures = async () =>
      (await audit.count({type: 'login.failed'})).count;
    const before = await failures();
    expectInvalidCredentials(await login(bob.uid, 'not-the-password'));
    expectInvalidCredentials(await login('nobody-here', bob.password));
    expect(await failures()).to.equal(before + 2);
    const [last] = await audit.find({
      where: {type: 'login.failed'},
      order: ['created DESC'],
      limit: 1,
    });
    expect(last!.details).to.containDeep({
      authMethod: 'corp',
      reason: 'INVALID_CREDENTIALS',
    });
  });

  it('locks a username out after repeated wrong passwords, even for the right one', async () => {
    for (let i = 0; i < 5; i++) {
      expectInvalidCredentials(await login(frank.uid, `wrong-${i}`));
    }
    expectInvalidCredentials(await login(frank.uid, frank.password));
  });

  it('answers DIRECTORY_UNAVAILABLE when an operation times out', async () => {
    const body = await directoryLogin(
      running.client,
      'hanging',
      {username: bob.uid, password: bob.password},
      503,
    );
    expect(body.error.code).to.equal('DIRECTORY_UNAVAILABLE');
  });

  it('answers DIRECTORY_UNAVAILABLE when the directory is down, and writes nothing', async () => {
    const before = await countAccounts(running);
    await slapd.stop();
    try {
      const body = await login(alice.uid, alice.password, 503);
      expect(body.error.code).to.equal('DIRECTORY_UNAVAILABLE');
      expect(await countAccounts(running)).to.eql(before);
    } finally {
      await slapd.startAgain();
    }
    await login(alice.uid, alice.password, 200);
  });

  it('answers 502 (PROVIDER_ERROR) when the directory refuses the service account', async () => {
    const wrong = await givenDirectoryApp({
      corp: givenLdapEntry(slapd, {server: {bindCredentials: 'wrong'}}),
    });
    try {
      const body = await directoryLogin(
        wrong.client,
        'corp',
        {username: bob.uid, password: bob.password},
        502,
      );
      // Like every 5xx but an outage, the body says no more than its status.
      expect(body.error).to.eql({statusCode: 502, message: 'Bad Gateway'});
      expect(await countAccounts(wrong)).to.eql({users: 0, identities: 0});
    } finally {
      await wrong.app.stop();
    }
  });
});
