import {expect, sinon} from '@loopback/testlab';
import {Context} from 'mocha';
import {randomUUID} from 'node:crypto';
import {IdentityBindings} from '../../keys';
import {
  PasswordCredentialRepository,
  UserIdentityRepository,
  UserRepository,
} from '../../repositories';
import {withoutRequestLimits} from '../../services/abuse/rate-limit-settings';
import {
  givenEmail,
  givenSignedUpUser,
  GOOD_PASSWORD,
  newLinkToken,
} from '../fixtures/accounts';
import {givenRunningApp, removeDataDir, RunningApp} from '../fixtures/app';
import {requireService, TEST_DATABASE_URL} from '../fixtures/services';
import {
  givenProviderEntry,
  givenWritesFailAfter,
} from '../fixtures/write-faults';

describe('writes that belong together commit together', () => {
  describe('on the embedded database', () => {
    describeAtomicWrites(async () => givenAppWithoutLimits({}));
  });

  describe('on PostgreSQL', () => {
    describeAtomicWrites(async ctx => {
      await requireService(
        ctx,
        'PostgreSQL accounts',
        TEST_DATABASE_URL,
        'set TEST_DATABASE_URL=postgres://…',
      );
      const running = await givenAppWithoutLimits({
        DATABASE_URL: TEST_DATABASE_URL,
      });
      await running.app.migrateSchema({existingSchema: 'alter'});
      return running;
    });
  });
});

async function givenAppWithoutLimits(env: Record<string, string>) {
  // Failed attempts must not count against the retries these tests make.
  return givenRunningApp(env, {rateLimits: withoutRequestLimits()});
}

function describeAtomicWrites(
  start: (ctx: Context) => Promise<RunningApp>,
): void {
  let running: RunningApp | undefined;
  before(givenApp);
  after(async () => {
    await running?.app.stop();
    if (running) removeDataDir(running.config.dataDir);
  });
  afterEach(() => sinon.restore());

  async function givenApp(this: Context): Promise<void> {
    running = await start(this);
  }

  it('sign-up cut off after its first insert leaves no account, and the email signs up again', async () => {
    const {app, client} = running!;
    const email = givenEmail('cut-sign-up');
    givenWritesFailAfter(1);
    const failed = await client
      .post('/users')
      .send({email, password: GOOD_PASSWORD});
    sinon.restore();
    expect(failed.status).to.be.aboveOrEqual(500);

    const users = await app.getRepository(UserRepository);
    expect(await users.findByEmail(email)).to.be.null();
    await client
      .post('/users')
      .send({email, password: GOOD_PASSWORD})
      .expect(201);
    await client
      .post('/auth/login')
      .send({login: email, password: GOOD_PASSWORD})
      .expect(200);
  });

  it('provider sign-up cut off after its first insert leaves no account, and signs up again', async () => {
    const {app} = running!;
    const signIn = await app.get(IdentityBindings.PROVIDER_SIGN_IN_SERVICE);
    const email = givenEmail('cut-provider');
    const profile = {externalId: randomUUID(), email, emailVerified: true};
    const attempt = () =>
      signIn.signIn(
        givenProviderEntry(),
        profile,
        {accessToken: 'provider-access-token'},
        {mode: 'login', applicationId: 'web'},
      );
    givenWritesFailAfter(1);
    await expect(attempt()).to.be.rejectedWith(/injected fault/);
    sinon.restore();

    const users = await app.getRepository(UserRepository);
    const identities = await app.getRepository(UserIdentityRepository);
    expect(await users.findByEmail(email)).to.be.null();
    expect(
      await identities.findOne({where: {externalId: profile.externalId}}),
    ).to.be.null();
    const result = await attempt();
    expect(result).to.containDeep({created: true, user: {email}});
  });

  it('a password reset that fails storing the password changes nothing and keeps its link', async () => {
    const {app, client, config} = running!;
    const user = await givenSignedUpUser(client);
    const emailFlow = await app.get(IdentityBindings.EMAIL_FLOW_SERVICE);
    const token = await newLinkToken(
      config.dataDir,
      user.email,
      'reset-password',
      async () => {
        await client
          .post('/auth/password-reset')
          .send({email: user.email})
          .expect(202);
        await emailFlow.whenIdle();
      },
    );
    const password = 'a brand new passphrase 2031';
    sinon
      .stub(PasswordCredentialRepository.prototype, 'updateAll')
      .rejects(new Error('injected fault: database gone'));
    const failed = await client
      .post('/auth/password-reset/confirm')
      .send({token, password});
    sinon.restore();
    expect(failed.status).to.be.aboveOrEqual(500);

    await client
      .post('/auth/login')
      .send({login: user.email, password: user.password})
      .expect(200);
    await client
      .post('/auth/password-reset/confirm')
      .send({token, password})
      .expect(204);
    await client
      .post('/auth/login')
      .send({login: user.email, password})
      .expect(200);
  });
}
