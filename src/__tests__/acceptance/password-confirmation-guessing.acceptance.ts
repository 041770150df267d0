import {expect} from '@loopback/testlab';
import {ManualClock} from '../fixtures/manual-clock';
import {
  givenAccessToken,
  GuardAppOptions,
  givenUser,
  GOOD_PASSWORD,
  guardAppPerTest,
} from '../fixtures/guard';

/**
 * A stolen access token must not become an unlimited password oracle:
 * `PUT /users/me/password` and `DELETE /users/me` check the current
 * password, so wrong guesses there count like wrong logins.
 */
describe('Guessing the current password with a stolen token (acceptance)', () => {
  const start = guardAppPerTest();

  async function givenSignedIn(options: GuardAppOptions) {
    const running = await start(options);
    const user = await givenUser(running.app);
    const token = await givenAccessToken(running.app, user.id);
    return {...running, user, bearer: `Bearer ${token}`};
  }

  it('locks the account after repeated wrong current passwords, even for the right one', async () => {
    const {client, bearer, user} = await givenSignedIn({
      clock: new ManualClock(),
      rateLimits: {lockout: {threshold: 3, stepsSec: [60]}},
    });
    const change = (currentPassword: string) =>
      client
        .put('/users/me/password')
        .set('Authorization', bearer)
        .send({currentPassword, newPassword: 'another horse battery 99'});
    for (let i = 0; i < 3; i++) {
      const res = await change(`wrong guess ${i}`).expect(403);
      expect(res.body.error.code).to.equal('INVALID_CURRENT_PASSWORD');
    }
    const locked = await change(GOOD_PASSWORD).expect(403);
    expect(locked.body.error.code).to.equal('INVALID_CURRENT_PASSWORD');
    // The lock is the account's: password login is refused too.
    const login = await client
      .post('/auth/login')
      .send({login: user.email, password: GOOD_PASSWORD})
      .expect(401);
    expect(login.body.error.code).to.equal('INVALID_CREDENTIALS');
  });

  it('counts wrong confirmations against the per-IP password failure limit', async () => {
    const {client, bearer} = await givenSignedIn({
      rateLimits: {
        passwordFailuresPerIp: {points: 2, durationSec: 60, blockSec: 60},
        lockout: {threshold: 100},
      },
    });
    const remove = (password: string) =>
      client.delete('/users/me').set('Authorization', bearer).send({password});
    for (let i = 0; i < 2; i++) {
      const res = await remove(`wrong guess ${i}`).expect(403);
      expect(res.body.error.code).to.equal('INVALID_CURRENT_PASSWORD');
    }
    const limited = await remove('wrong guess 3').expect(429);
    expect(limited.body.error.code).to.equal('RATE_LIMITED');
  });

  it('still lets the owner confirm with the right password', async () => {
    const {client, bearer} = await givenSignedIn({});
    await client
      .put('/users/me/password')
      .set('Authorization', bearer)
      .send({
        currentPassword: GOOD_PASSWORD,
        newPassword: 'another horse battery 99',
      })
      .expect(204);
  });
});
