import {expect} from '@loopback/testlab';
import {AuditEventRepository} from '../../repositories';
import {SecretBox} from '../../services/platform/secret-box.service';
import {TOTP_SECRET_PURPOSE} from '../../services/mfa/totp-verifier.service';
import {newTotpSecret} from '../../services/mfa/totp-codes';
import {
  givenAdminToken,
  guardAppPerSuite,
  givenUser,
  GOOD_PASSWORD,
} from '../fixtures/guard';
import {givenCapturedLogger} from '../fixtures/captured-logger';
import {ManualClock} from '../fixtures/manual-clock';
import {givenStoredFactor} from '../fixtures/step-up';
import {firstFactor, nextStep, totpCode} from '../fixtures/mfa-totp';

/**
 * An operator changed APP_SECRET (or a row was damaged): a TOTP factor
 * sealed under the old secret cannot be read. The second step answers
 * FACTOR_UNREADABLE, with its code, not a bare 500; the person signs in
 * with a recovery code; an administrator can remove the factor.
 */
describe('A TOTP factor sealed under another APP_SECRET (acceptance)', () => {
  const clock = new ManualClock();
  const oldBox = new SecretBox('the-app-secret-before-the-operator-changed-it');
  const running = guardAppPerSuite({clock});

  /** A user whose one factor was sealed under the old secret. */
  async function givenUserWithUnreadableFactor() {
    const user = await givenUser(running.app);
    const secret = newTotpSecret();
    const factor = await givenStoredFactor(running.app, user.id, {
      secret: oldBox.seal(secret, TOTP_SECRET_PURPOSE),
      confirmedAt: new Date(clock.now()),
    });
    return {user, secret, ...factor};
  }

  it('answers FACTOR_UNREADABLE (500) with its code, and audits it', async () => {
    const {user, secret, factorId} = await givenUserWithUnreadableFactor();
    const mfaToken = await firstFactor(running.client, user.email);
    nextStep(clock);
    const res = await running.client
      .post('/auth/mfa')
      .send({
        mfaToken,
        method: 'totp',
        code: await totpCode(secret, clock.now()),
      })
      .expect(500);
    expect(res.body.error).to.containDeep({
      code: 'FACTOR_UNREADABLE',
      details: {factorIds: [factorId]},
    });
    const audit = await running.app.getRepository(AuditEventRepository);
    const events = await audit.find({
      where: {userId: user.id, type: 'mfa.factor_unreadable'},
    });
    expect(events.map(e => e.details)).to.containDeep([{factorId}]);
  });

  it('still signs in with a recovery code, however many times the factor failed; then removes the factor', async () => {
    const {user, secret, factorId, recoveryCodes} =
      await givenUserWithUnreadableFactor();
    const mfaToken = await firstFactor(running.client, user.email);
    for (let i = 0; i < 6; i++) {
      nextStep(clock);
      const code = await totpCode(secret, clock.now());
      await running.client
        .post('/auth/mfa')
        .send({mfaToken, method: 'totp', code})
        .expect(500);
    }
    const res = await running.client
      .post('/auth/mfa')
      .send({mfaToken, method: 'recovery_code', code: recoveryCodes[0]})
      .expect(200);
    expect(res.body.access_token).to.be.a.String();
    // A sign-in of now with a second factor: recent enough to remove one.
    await running.client
      .del(`/users/me/factors/${factorId}`)
      .set('Authorization', `Bearer ${res.body.access_token}`)
      .expect(204);
  });

  it('can be removed by an administrator, after which the password signs in', async () => {
    const {user} = await givenUserWithUnreadableFactor();
    const token = await givenAdminToken(running.app);
    await running.client
      .del(`/users/${user.id}/factors`)
      .set('Authorization', `Bearer ${token}`)
      .expect(204);
    await running.client
      .post('/auth/login')
      .send({login: user.email, password: GOOD_PASSWORD})
      .expect(200);
  });
});

/**
 * An unreadable factor is the operator's problem, not a guess: attempts
 * at it spend nothing of the person's second-factor budget, and each is
 * one error line naming the factor (never its secret) and one audit event.
 */
describe('Attempts at an unreadable TOTP factor (acceptance)', () => {
  const clock = new ManualClock();
  const oldBox = new SecretBox('the-app-secret-before-the-operator-changed-it');
  const captured = givenCapturedLogger();
  const PER_USER = 3;
  const running = guardAppPerSuite({
    clock,
    logger: captured.logger,
    rateLimits: {
      secondFactor: {perUser: {points: PER_USER, durationSec: 900}},
    },
  });

  it('do not spend the second-factor limit, and each logs one error line and one audit event', async () => {
    const user = await givenUser(running.app);
    const secret = newTotpSecret();
    const sealed = oldBox.seal(secret, TOTP_SECRET_PURPOSE);
    const {
      factorId,
      recoveryCodes: [recoveryCode],
    } = await givenStoredFactor(running.app, user.id, {
      secret: sealed,
      confirmedAt: new Date(clock.now()),
    });
    const mfaToken = await firstFactor(running.client, user.email);
    const attempts = PER_USER + 2;
    const errorsBefore = errorLines().length;
    for (let i = 0; i < attempts; i++) {
      nextStep(clock);
      const code = await totpCode(secret, clock.now());
      const res = await running.client
        .post('/auth/mfa')
        .send({mfaToken, method: 'totp', code});
      expect({
        attempt: i,
        status: res.status,
        code: res.body.error?.code,
      }).to.eql({attempt: i, status: 500, code: 'FACTOR_UNREADABLE'});
    }
    const errors = errorLines().slice(errorsBefore);
    expect(errors).to.have.length(attempts);
    for (const line of errors) expect(line).to.containDeep({factorId});
    expect(captured.text()).not.to.containEql(secret);
    expect(captured.text()).not.to.containEql(sealed);
    const audit = await running.app.getRepository(AuditEventRepository);
    const unreadable = await audit.count({
      userId: user.id,
      type: 'mfa.factor_unreadable',
    });
    expect(unreadable.count).to.equal(attempts);
    // The whole budget is left for the person's own attempts.
    await running.client
      .post('/auth/mfa')
      .send({mfaToken, method: 'recovery_code', code: recoveryCode})
      .expect(200);
  });

  function errorLines() {
    return captured.lines.filter(line => line.level === 'error');
  }
});
