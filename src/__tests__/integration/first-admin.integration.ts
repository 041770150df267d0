import {expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {PasswordCredentialRepository, UserRepository} from '../../repositories';
import {givenConfig, givenDataDir, removeDataDir} from '../fixtures/app';
import {GOOD_PASSWORD} from '../fixtures/guard';

describe('First admin from ADMIN_EMAIL (integration)', () => {
  const EMAIL = 'Boss@Example.com';
  let dataDir: string;
  let app: IdentityApplication | undefined;

  beforeEach(() => {
    dataDir = givenDataDir();
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    removeDataDir(dataDir);
  });

  async function givenStartedApp(password: string, email = EMAIL) {
    await app?.stop();
    app = new IdentityApplication(
      givenConfig({
        DATA_DIR: dataDir,
        ADMIN_EMAIL: email,
        ADMIN_PASSWORD: password,
      }),
    );
    await app.boot();
    await app.migrateSchema();
    await app.start();
    return app;
  }

  async function passwordWorks(password: string): Promise<boolean> {
    const login = await app!.get(IdentityBindings.LOGIN_SERVICE);
    return login.verifyPassword(EMAIL, password).then(
      () => true,
      () => false,
    );
  }

  it('creates the admin, verified, with a working password', async () => {
    await givenStartedApp(GOOD_PASSWORD);
    const users = await app!.getRepository(UserRepository);
    expect(await users.findByEmail(EMAIL)).to.containDeep({
      email: 'boss@example.com',
      emailVerified: true,
      roles: ['admin'],
      disabled: false,
    });
    expect(await passwordWorks(GOOD_PASSWORD)).to.be.true();
  });

  it('is idempotent and never overwrites an existing password', async () => {
    await givenStartedApp(GOOD_PASSWORD);
    await givenStartedApp('a different but strong passphrase 7');
    const users = await app!.getRepository(UserRepository);
    expect(
      await users.find({where: {email: 'boss@example.com'}}),
    ).to.have.length(1);
    expect(await passwordWorks(GOOD_PASSWORD)).to.be.true();
  });

  it('gives an existing account the admin role, keeping its password', async () => {
    await givenStartedApp(GOOD_PASSWORD, 'someone-else@example.com');
    const users = await app!.getRepository(UserRepository);
    const passwords = await app!.getRepository(PasswordCredentialRepository);
    const hasher = await app!.get(IdentityBindings.PASSWORD_SERVICE);
    const existing = await users.create({email: EMAIL, roles: ['support']});
    await passwords.create({
      userId: existing.id,
      hash: await hasher.hash('the owner chose this one 9'),
    });
    await givenStartedApp(GOOD_PASSWORD);
    const after = await app!.getRepository(UserRepository);
    expect((await after.findById(existing.id)).roles).to.eql([
      'support',
      'admin',
    ]);
    expect(await passwordWorks('the owner chose this one 9')).to.be.true();
    expect(await passwordWorks(GOOD_PASSWORD)).to.be.false();
  });

  it('creates one admin when two starts race', async () => {
    await givenStartedApp(GOOD_PASSWORD, 'someone-else@example.com');
    const service = await app!.get(IdentityBindings.FIRST_ADMIN_SERVICE);
    const outcomes = await Promise.all([
      service.ensure('race@example.com', GOOD_PASSWORD),
      service.ensure('race@example.com', GOOD_PASSWORD),
    ]);
    expect(outcomes.sort()).to.eql(['created', 'unchanged']);
    const users = await app!.getRepository(UserRepository);
    expect(
      await users.find({where: {email: 'race@example.com'}}),
    ).to.have.length(1);
  });

  it('refuses to start with a weak ADMIN_PASSWORD, saying why', async () => {
    await expect(givenStartedApp('password123')).to.be.rejectedWith(
      /ADMIN_PASSWORD is refused by the password policy/,
    );
    const users = await app!.getRepository(UserRepository);
    expect(await users.findByEmail(EMAIL)).to.be.null();
    // A failed start cannot be stopped; nothing is listening.
    app = undefined;
  });
});
