import {expect} from '@loopback/testlab';
import {IdentityBindings} from '../../keys';
import {ApplicationRepository, MfaFactorRepository} from '../../repositories';
import {givenGuardApp, GuardApp, givenUser} from '../fixtures/guard';
import {ManualClock} from '../fixtures/manual-clock';
import {bearer, enrolTotp, signIn, signInWithTotp} from '../fixtures/mfa-totp';

/**
 * A user's factors (DESIGN §9): authenticator apps and passkeys listed,
 * renamed and removed by their owner alone, at most ten, through
 * first-party applications only.
 */
describe('Factor management (acceptance)', () => {
  let running: GuardApp;
  let clock: ManualClock;
  let factors: MfaFactorRepository;

  before(async () => {
    clock = new ManualClock(Date.now());
    running = await givenGuardApp({clock});
    factors = await running.app.getRepository(MfaFactorRepository);
  });
  after(() => running.app.stop());

  /** A user with a confirmed authenticator app, signed in with it. */
  async function givenTotpAccount() {
    const user = await givenUser(running.app);
    const first = await signIn(running.client, user.email);
    const totp = await enrolTotp(running.client, first.access_token, clock);
    const tokens = await signInWithTotp(
      running.client,
      user.email,
      totp.secret,
      clock,
    );
    return {user, totp, token: tokens.access_token};
  }

  it('lists apps and passkeys without secrets; renames; removes a passkey with the same route', async () => {
    const {user, totp, token} = await givenTotpAccount();
    const passkey = await factors.create({
      userId: user.id,
      type: 'webauthn',
      name: 'YubiKey',
      credentialId: 'cred-1',
      publicKey: 'public-key',
      counter: 3,
      transports: ['usb'],
      backupEligible: false,
      confirmedAt: new Date(clock.now()),
    });
    const list = await running.client
      .get('/users/me/factors')
      .set(bearer(token))
      .expect(200);
    expect(list.body).to.have.length(2);
    expect(list.body[0]).to.containDeep({id: totp.factorId, type: 'totp'});
    expect(Object.keys(list.body[0]).sort()).to.eql(
      ['confirmedAt', 'created', 'id', 'lastUsedAt', 'name', 'type'].sort(),
    );
    expect(list.body[1]).to.eql({
      id: passkey.id,
      type: 'webauthn',
      name: 'YubiKey',
      created: passkey.created.toISOString(),
      confirmedAt: passkey.confirmedAt!.toISOString(),
      transports: ['usb'],
      backupEligible: false,
    });

    const renamed = await running.client
      .patch(`/users/me/factors/${totp.factorId}`)
      .set(bearer(token))
      .send({name: '  Work phone '})
      .expect(200);
    expect(renamed.body).to.containDeep({
      id: totp.factorId,
      name: 'Work phone',
    });

    await running.client
      .delete(`/users/me/factors/${passkey.id}`)
      .set(bearer(token))
      .expect(204);
    expect(await factors.exists(passkey.id)).to.be.false();
    // The app is still a factor: the sign-in still takes two steps.
    await running.client
      .post('/auth/login')
      .send({login: user.email, password: 'correct horse battery staple 42'})
      .expect(403);
  });

  it('refuses names with control characters, blank names and unknown properties', async () => {
    const {totp, token} = await givenTotpAccount();
    const path = `/users/me/factors/${totp.factorId}`;
    const bell = await running.client
      .patch(path)
      .set(bearer(token))
      .send({name: 'Phone\u0007'})
      .expect(400);
    expect(bell.body.error.code).to.equal('INVALID_CHARACTERS');
    for (const body of [{name: '   '}, {name: 'x'.repeat(65)}, {}]) {
      const res = await running.client
        .patch(path)
        .set(bearer(token))
        .send(body)
        .expect(422);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    }
    const extra = await running.client
      .post('/users/me/factors/totp')
      .set(bearer(token))
      .send({name: 'x', secret: 'JBSWY3DPEHPK3PXP'})
      .expect(422);
    expect(extra.body.error.code).to.equal('VALIDATION_FAILED');
  });

  it('answers FACTOR_NOT_FOUND for another user’s factor, on every route', async () => {
    const owner = await givenTotpAccount();
    const other = await givenTotpAccount();
    const path = `/users/me/factors/${owner.totp.factorId}`;
    const answers = [
      await running.client
        .patch(path)
        .set(bearer(other.token))
        .send({name: 'mine'}),
      await running.client.delete(path).set(bearer(other.token)),
      await running.client
        .post(`${path}/confirm`)
        .set(bearer(other.token))
        .send({code: '123456'}),
      await running.client
        .delete('/users/me/factors/no-such-id')
        .set(bearer(other.token)),
    ];
    expect(answers.map(a => [a.status, a.body.error.code])).to.eql(
      Array(4).fill([404, 'FACTOR_NOT_FOUND']),
    );
    expect(await factors.findById(owner.totp.factorId)).to.containDeep({
      name: 'Authenticator app',
    });
  });

  it('holds at most 10 factors; a new enrolment replaces a pending one', async () => {
    const {user, token} = await givenTotpAccount();
    for (let i = 0; i < 8; i++) {
      await factors.create({
        userId: user.id,
        type: 'webauthn',
        name: `Key ${i}`,
        credentialId: `limit-${user.id}-${i}`,
        confirmedAt: new Date(clock.now()),
      });
    }
    // 9 confirmed: a 10th, pending, fits; another enrolment replaces it.
    for (let i = 0; i < 2; i++) {
      await running.client
        .post('/users/me/factors/totp')
        .set(bearer(token))
        .send({})
        .expect(201);
    }
    expect(await factors.count({userId: user.id})).to.eql({count: 10});
    await factors.create({
      userId: user.id,
      type: 'webauthn',
      name: 'Key 9',
      credentialId: `limit-${user.id}-9`,
      confirmedAt: new Date(clock.now()),
    });
    const full = await running.client
      .post('/users/me/factors/totp')
      .set(bearer(token))
      .send({})
      .expect(409);
    expect(full.body.error.code).to.equal('FACTOR_LIMIT_REACHED');
  });

  it('is for first-party applications only', async () => {
    const user = await givenUser(running.app);
    const apps = await running.app.getRepository(ApplicationRepository);
    const third = await apps.create({
      name: 'Stranger app',
      ownerId: user.id,
      type: 'public',
      redirectUris: ['https://stranger.example/cb'],
    });
    const sessions = await running.app.get(IdentityBindings.SESSION_SERVICE);
    const {access_token: token} = await sessions.start(user.id, {
      applicationId: third.id,
      authMethod: 'password',
    });
    const answers = [
      await running.client.get('/users/me/factors').set(bearer(token)),
      await running.client
        .post('/users/me/factors/totp')
        .set(bearer(token))
        .send({}),
      await running.client.get('/users/me/recovery-codes').set(bearer(token)),
    ];
    expect(answers.map(a => [a.status, a.body.error.code])).to.eql(
      Array(3).fill([403, 'FIRST_PARTY_REQUIRED']),
    );
    expect(await factors.count({userId: user.id})).to.eql({count: 0});
  });
});
