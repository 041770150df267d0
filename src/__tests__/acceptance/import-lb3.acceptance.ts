import {expect} from '@loopback/testlab';
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import {
  PasswordCredentialRepository,
  UserCredentialRepository,
  UserIdentityRepository,
} from '../../repositories';
import {basicHeader, givenSignedUpUser} from '../fixtures/accounts';
import {
  givenDataDir,
  givenRunningApp,
  removeDataDir,
  RunningApp,
  TEST_APP_SECRET,
} from '../fixtures/app';
import {
  givenLb3Rows,
  lb3Hash,
  LB3_PASSWORD,
  memoryFileOf,
} from '../fixtures/lb3-data';
import {
  expectOldPasswordSignsIn,
  FIXTURE_COUNTS,
  refusedOf,
  runImport,
  snapshot,
  storedUsers,
} from '../fixtures/lb3-import';

const run = promisify(execFile);

describe('npm run import-lb3 from a memory-connector file (acceptance)', () => {
  let running: RunningApp;
  let dir: string;
  let file: string;
  const tag = 'mem';

  before(async () => {
    running = await givenRunningApp();
    dir = givenDataDir();
    file = path.join(dir, 'db.json');
    const stored = JSON.parse(memoryFileOf(givenLb3Rows(tag)));
    // Broken as files get: a record that is not JSON, one with __proto__.
    stored.models.User['7'] = '{"id": 7, "email": ';
    stored.models.User['8'] =
      `{"id": 8, "email": "proto-${tag}@example.com", "__proto__": {"roles": ["admin"]}}`;
    fs.writeFileSync(file, JSON.stringify(stored));
  });
  after(async () => {
    await running.app.stop();
    removeDataDir(running.config.dataDir);
    removeDataDir(dir);
  });

  it('dry run reports what it would do and writes nothing', async () => {
    const report = await runImport(running.app, '--from', file, '--dry-run');
    expect(report.dryRun).to.be.true();
    expect(report.created).to.eql(FIXTURE_COUNTS.created);
    expect(await storedUsers(running.app, tag)).to.eql([]);
  });

  it('imports users, identities and credentials and reports every refused record by id', async () => {
    const report = await runImport(running.app, '--from', file);
    expect(report.created).to.eql(FIXTURE_COUNTS.created);
    expect(refusedOf(report)).to.eql(
      [...FIXTURE_COUNTS.refusedIds, 'User 7', 'User 8'].sort(),
    );
    expect(report.ignored).to.eql([{model: 'AccessToken', count: 1}]);
    const users = await storedUsers(running.app, tag);
    expect(users.map(u => [u.email, u.username, u.emailVerified])).to.eql([
      [`ann-${tag}@example.com`, `ann${tag}`, true],
      [`bob-${tag}@example.com`, undefined, false],
      [`cy-${tag}@example.com`, undefined, true],
    ]);
    expect(new Date(users[0]!.created).toISOString()).to.equal(
      '2019-03-04T05:06:07.000Z',
    );
    expect(users.every(u => !u.roles.includes('admin'))).to.be.true();
  });

  it('keeps identities trimmed and provider tokens sealed', async () => {
    const [ann] = await storedUsers(running.app, tag);
    const identities = await running.app.getRepository(UserIdentityRepository);
    const identity = await identities.findOne({where: {userId: ann!.id}});
    expect(identity).to.containDeep({
      provider: 'facebook',
      authScheme: 'oauth2',
      externalId: `fb-ann-${tag}`,
    });
    expect(identity!.profile).to.eql({
      displayName: 'Ann Lovelace',
      email: `ann-${tag}@example.com`,
      emailVerified: false,
      photo: 'https://graph.example/photo.jpg',
    });
    const credentials = await running.app.getRepository(
      UserCredentialRepository,
    );
    const stored = JSON.stringify(
      (
        await credentials.find({
          where: {provider: {inq: ['facebook', 'github']}},
        })
      ).map(c => c.credentials),
    );
    expect(stored).to.not.match(
      /lb3-facebook-access-token|lb3-github-(token|refresh)/,
    );
    expect(stored).to.match(/"sealed":"v1\./);
    expect(stored).to.match(/"hasRefreshToken":true/);
  });

  it('lets an imported user sign in with the LoopBack 3 password, then stores argon2id', async () => {
    await expectOldPasswordSignsIn(
      running.app,
      running.client,
      `ann-${tag}@example.com`,
    );
    // bob's hash is $2y$ (PHP's spelling), checked by Basic first.
    await running.client
      .get('/users/me')
      .set('Authorization', basicHeader(`bob-${tag}@example.com`, LB3_PASSWORD))
      .expect(200);
  });

  it('answers a malformed or too costly stored bcrypt hash with 401, never 500', async () => {
    const [, bob] = await storedUsers(running.app, tag);
    const passwords = await running.app.getRepository(
      PasswordCredentialRepository,
    );
    const credential = await passwords.findOne({where: {userId: bob!.id}});
    const good = credential!.hash;
    try {
      for (const hash of [
        '$2a$10$tooShort',
        lb3Hash(LB3_PASSWORD, 4).replace('$04$', '$31$'),
      ]) {
        await passwords.updateById(credential!.id, {hash});
        const res = await running.client
          .post('/auth/login')
          .send({login: bob!.email, password: LB3_PASSWORD});
        expect(res.status).to.equal(401);
        expect(res.body.error.code).to.equal('INVALID_CREDENTIALS');
      }
    } finally {
      await passwords.updateById(credential!.id, {hash: good});
    }
  });

  it('changes nothing when run again', async () => {
    const before = await snapshot(running.app, tag);
    const report = await runImport(running.app, '--from', file);
    expect(report.created).to.eql({
      User: 0,
      UserIdentity: 0,
      UserCredential: 0,
    });
    expect(report.unchanged).to.eql(FIXTURE_COUNTS.created);
    expect(await snapshot(running.app, tag)).to.eql(before);
  });

  it('refuses to hand a LoopBack 3 user to an unverified account that signed up here first', async () => {
    const other = 'late';
    const rows = givenLb3Rows(other);
    const squatter = await givenSignedUpUser(running.client, {
      email: `ann-${other}@example.com`,
    });
    const lateFile = path.join(dir, 'late.json');
    fs.writeFileSync(
      lateFile,
      memoryFileOf({...rows, User: rows.User.slice(0, 1), UserCredential: []}),
    );
    const report = await runImport(running.app, '--from', lateFile);
    expect(refusedOf(report)).to.eql(
      ['User 1', 'UserIdentity 2', 'UserIdentity 3', 'UserIdentity 1'].sort(),
    );
    const identities = await running.app.getRepository(UserIdentityRepository);
    expect(await identities.find({where: {userId: squatter.id}})).to.eql([]);
  });

  it('exits 2 from the command line when a record was refused, printing each by id', async () => {
    const target = givenDataDir();
    const env = {
      ...process.env,
      DATA_DIR: target,
      APP_SECRET: TEST_APP_SECRET,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      DATABASE_URL: '',
    };
    const cli = path.resolve(__dirname, '../../import-lb3.js');
    try {
      const failed = await run(process.execPath, [cli, '--from', file], {
        env,
      }).then(
        () => ({code: 0, stdout: ''}),
        (err: {code: number; stdout: string}) => err,
      );
      expect(failed.code).to.equal(2);
      expect(failed.stdout).to.match(
        /^refused User "4": email is not an email address$/m,
      );
      expect(failed.stdout).to.match(
        /^User: 3 created, 0 already here, 5 refused$/m,
      );
      const usage = await run(process.execPath, [cli, '--form', file], {
        env,
      }).catch((err: {code: number; stderr: string}) => err);
      expect(usage).to.containDeep({code: 1});
      expect((usage as {stderr: string}).stderr).to.match(
        /unknown argument "--form"/,
      );
    } finally {
      removeDataDir(target);
    }
  });
});
