import {expect} from '@loopback/testlab';
import {AuditEventRepository} from '../../repositories';
import {
  givenGuardApp,
  GuardApp,
  givenUser,
  GOOD_PASSWORD,
} from '../fixtures/guard';
import {ManualClock} from '../fixtures/manual-clock';
import {
  bearer,
  enrolTotp,
  firstFactor,
  signIn,
  signInWithTotp,
} from '../fixtures/mfa-totp';

/**
 * Removing a factor, enrolling one and replacing recovery codes are
 * sensitive (DESIGN §9, RFC 9470): a recent sign-in, with the second
 * factor once there is one. Every factor event is audited.
 */
describe('Factors and recovery codes under step-up (acceptance)', () => {
  let running: GuardApp;
  let clock: ManualClock;

  before(async () => {
    clock = new ManualClock(Date.now());
    running = await givenGuardApp({clock});
  });
  after(() => running.app.stop());

  async function givenTotpAccount() {
    const user = await givenUser(running.app);
    const first = await signIn(running.client, user.email);
    const totp = await enrolTotp(running.client, first.access_token, clock);
    return {user, totp, passwordToken: first.access_token};
  }

  function expectStepUp(
    res: {
      status: number;
      body: {error?: {code?: string}};
      headers: Record<string, unknown>;
    },
    acrValues: boolean,
  ): void {
    expect(res.status).to.equal(401);
    expect(res.body.error?.code).to.equal('INSUFFICIENT_USER_AUTHENTICATION');
    const challenge = String(res.headers['www-authenticate']);
    expect(challenge).to.startWith(
      'Bearer error="insufficient_user_authentication"',
    );
    expect(challenge).to.containEql('max_age=300');
    expect(challenge.includes('acr_values=')).to.equal(acrValues);
  }

  it('removes a factor only after a recent sign-in; the last one takes the recovery codes with it', async () => {
    const {user, totp} = await givenTotpAccount();
    const tokens = await signInWithTotp(
      running.client,
      user.email,
      totp.secret,
      clock,
    );
    const path = `/users/me/factors/${totp.factorId}`;
    clock.advance(301_000);
    expectStepUp(
      await running.client.delete(path).set(bearer(tokens.access_token)),
      false,
    );
    const fresh = await signInWithTotp(
      running.client,
      user.email,
      totp.secret,
      clock,
    );
    await running.client
      .delete(path)
      .set(bearer(fresh.access_token))
      .expect(204);
    const recovery = await running.client
      .get('/users/me/recovery-codes')
      .set(bearer(fresh.access_token))
      .expect(200);
    expect(recovery.body).to.eql({remaining: 0});
    // The password alone signs in again.
    const again = await signIn(running.client, user.email);
    expect(again.user_id).to.equal(user.id);
  });

  it('asks a password-only session for the second factor before removing or enrolling', async () => {
    const {totp, passwordToken} = await givenTotpAccount();
    // Signed in with the password before the factor existed: recent, but
    // one factor only.
    expectStepUp(
      await running.client
        .delete(`/users/me/factors/${totp.factorId}`)
        .set(bearer(passwordToken)),
      true,
    );
    expectStepUp(
      await running.client
        .post('/users/me/factors/totp')
        .set(bearer(passwordToken))
        .send({}),
      true,
    );
    expectStepUp(
      await running.client
        .post('/users/me/recovery-codes')
        .set(bearer(passwordToken)),
      true,
    );
  });

  it('enrols only after a recent sign-in', async () => {
    const user = await givenUser(running.app);
    const {access_token: token} = await signIn(running.client, user.email);
    clock.advance(301_000);
    expectStepUp(
      await running.client
        .post('/users/me/factors/totp')
        .set(bearer(token))
        .send({}),
      false,
    );
  });

  it('replaces recovery codes (MFA_NOT_ENABLED without a factor); the old ones stop working', async () => {
    const plain = await givenUser(running.app);
    const plainToken = (await signIn(running.client, plain.email)).access_token;
    const none = await running.client
      .post('/users/me/recovery-codes')
      .set(bearer(plainToken))
      .expect(409);
    expect(none.body.error.code).to.equal('MFA_NOT_ENABLED');

    const {user, totp} = await givenTotpAccount();
    const {access_token: token} = await signInWithTotp(
      running.client,
      user.email,
      totp.secret,
      clock,
    );
    const res = await running.client
      .post('/users/me/recovery-codes')
      .set(bearer(token))
      .expect(201);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.body.recoveryCodes).to.have.length(10);
    expect(res.body.recoveryCodes).to.not.containEql(totp.recoveryCodes![0]);
    const mfaToken = (
      await running.client
        .post('/auth/login')
        .send({login: user.email, password: GOOD_PASSWORD})
        .expect(403)
    ).body.error.details.mfaToken;
    const old = await running.client
      .post('/auth/mfa')
      .send({mfaToken, method: 'recovery_code', code: totp.recoveryCodes![0]})
      .expect(401);
    expect(old.body.error.code).to.equal('INVALID_MFA_CODE');
    await running.client
      .post('/auth/mfa')
      .send({
        mfaToken,
        method: 'recovery_code',
        code: res.body.recoveryCodes[0],
      })
      .expect(200);
    const count = await running.client
      .get('/users/me/recovery-codes')
      .set(bearer(token))
      .expect(200);
    expect(count.body).to.eql({remaining: 9});
  });

  it('audits every factor event', async () => {
    const {user, totp} = await givenTotpAccount();
    const {access_token: token} = await signInWithTotp(
      running.client,
      user.email,
      totp.secret,
      clock,
    );
    const wrong = await running.client
      .post('/auth/mfa')
      .send({
        mfaToken: await firstFactor(running.client, user.email),
        method: 'recovery_code',
        code: 'AAAA-BBBB-CCCC',
      })
      .expect(401);
    expect(wrong.body.error.code).to.equal('INVALID_MFA_CODE');
    const path = `/users/me/factors/${totp.factorId}`;
    await running.client
      .patch(path)
      .set(bearer(token))
      .send({name: 'Phone'})
      .expect(200);
    await running.client
      .post('/users/me/recovery-codes')
      .set(bearer(token))
      .expect(201);
    await running.client.delete(path).set(bearer(token)).expect(204);
    const audit = await running.app.getRepository(AuditEventRepository);
    const events = await audit.find({where: {userId: user.id}});
    const types = events.map(e => e.type);
    for (const type of [
      'mfa.factor_added',
      'mfa.factor_confirmed',
      'mfa.recovery_codes_generated',
      'mfa.required',
      'mfa.succeeded',
      'mfa.failed',
      'mfa.factor_renamed',
      'mfa.factor_removed',
    ]) {
      expect({type, recorded: types.includes(type)}).to.eql({
        type,
        recorded: true,
      });
    }
    const removed = events.find(e => e.type === 'mfa.factor_removed');
    expect(removed?.details).to.eql({
      factorId: totp.factorId,
      type: 'totp',
      recoveryCodesDeleted: true,
    });
    expect(JSON.stringify(events)).to.not.containEql(totp.secret);
  });
});
