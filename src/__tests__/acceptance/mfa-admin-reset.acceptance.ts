import {expect} from '@loopback/testlab';
import {IdentityBindings} from '../../keys';
import {
  givenAccessToken,
  givenAdminToken,
  guardAppPerSuite,
  givenUser,
  GOOD_PASSWORD,
} from '../fixtures/guard';
import {ManualClock} from '../fixtures/manual-clock';
import {givenStoredFactor} from '../fixtures/step-up';

/**
 * A person who lost every factor and recovery code asks an administrator:
 * the admin sees their factors (never a secret) and removes them all,
 * after a recent sign-in of their own (RFC 9470 step-up).
 */
describe('An administrator resets a user’s second factors (acceptance)', () => {
  const clock = new ManualClock();
  const running = guardAppPerSuite({clock});
  let adminToken: string;

  before(async () => {
    adminToken = await givenAdminToken(running.app);
  });

  async function givenUserWithFactor() {
    const user = await givenUser(running.app);
    await givenStoredFactor(running.app, user.id, {
      secret: 'sealed-secret',
      confirmedAt: new Date(clock.now()),
    });
    return user;
  }

  function login(email: string) {
    return running.client
      .post('/auth/login')
      .send({login: email, password: GOOD_PASSWORD});
  }

  it('lists the factors without their secrets', async () => {
    const user = await givenUserWithFactor();
    const res = await running.client
      .get(`/users/${user.id}/factors`)
      .set('Authorization', `Bearer ${adminToken}`)
      .expect(200);
    expect(res.body).to.have.length(1);
    expect(res.body[0]).to.containDeep({type: 'totp', name: 'Phone'});
    expect(JSON.stringify(res.body)).to.not.match(/sealed-secret/);
  });

  it('removes every factor and code, so the password alone signs in again', async () => {
    const user = await givenUserWithFactor();
    await login(user.email).expect(403);
    // A sign-in of now: the step-up rule wants a recent one.
    const token = await givenAdminToken(running.app);
    await running.client
      .del(`/users/${user.id}/factors`)
      .set('Authorization', `Bearer ${token}`)
      .expect(204);
    await login(user.email).expect(200);
    const codes = await running.app.get(IdentityBindings.RECOVERY_CODE_SERVICE);
    expect(await codes.remaining(user.id)).to.equal(0);
  });

  it('asks an admin whose sign-in is old to sign in again', async () => {
    const user = await givenUserWithFactor();
    const token = await givenAdminToken(running.app);
    clock.advance(301_000);
    const res = await running.client
      .del(`/users/${user.id}/factors`)
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
    expect(res.body.error.code).to.equal('INSUFFICIENT_USER_AUTHENTICATION');
    expect(res.headers['www-authenticate']).to.match(
      /^Bearer error="insufficient_user_authentication", .*max_age=300$/,
    );
    await login(user.email).expect(403);
  });

  it('is for admins only, and names no user that does not exist', async () => {
    const user = await givenUserWithFactor();
    const other = await givenUser(running.app);
    const token = await givenAccessToken(running.app, other.id);
    const refused = await running.client
      .del(`/users/${user.id}/factors`)
      .set('Authorization', `Bearer ${token}`)
      .expect(403);
    expect(refused.body.error.code).to.equal('FORBIDDEN');
    const fresh = await givenAdminToken(running.app);
    const missing = await running.client
      .del('/users/no-such-user/factors')
      .set('Authorization', `Bearer ${fresh}`)
      .expect(404);
    expect(missing.body.error.code).to.equal('NOT_FOUND');
  });
});
