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
