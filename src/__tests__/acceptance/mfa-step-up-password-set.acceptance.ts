import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {AuditEventRepository} from '../../repositories';
import {
  FlowWorld,
  givenFlowWorld,
  signInWith,
} from '../fixtures/provider-flows';
import {expectChallenge, stepUp, STEP_UP_MAX_AGE} from '../fixtures/step-up';

const PASSWORD = 'a password of my own 2030';

/**
 * An account made through a provider has no password; POST
 * /users/me/password gives it one after a recent sign-in (through the
 * provider), so it can then sign in with it too (DESIGN §9).
 */
describe('Setting a first password after a provider sign-in (acceptance)', () => {
  let world: FlowWorld;
  before(async () => {
    world = await givenFlowWorld();
  });
  after(() => world.stop());

  /** A new person signed in with Facebook only; their email and token. */
  async function givenProviderOnly() {
    const facebookUser = {id: randomUUID(), email: `fb-${randomUUID()}@x.test`};
    world.facebook.signInAs(facebookUser);
    const {access_token: token} = await signInWith(world, 'facebook-login');
    return {email: facebookUser.email, token, facebookUser};
  }

  const setPassword = (token: string, newPassword: string) =>
    world.client
      .post('/users/me/password')
      .set('Authorization', `Bearer ${token}`)
      .send({newPassword});

  it('sets a password after a fresh provider sign-in, then signs in with it', async () => {
    const {email, token} = await givenProviderOnly();
    await setPassword(token, PASSWORD).expect(204);
    const login = await world.client
      .post('/auth/login')
      .send({login: email, password: PASSWORD})
      .expect(200);
    expect(login.body.access_token).to.be.a.String();
    // The session that set it stays signed in.
    await world.client
      .get('/users/me')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const audit = await world.app.getRepository(AuditEventRepository);
    const events = await audit.find({
      where: {type: 'password.set', userId: login.body.user_id},
    });
    expect(events).to.have.length(1);
  });

  it('asks an aged provider sign-in to sign in again; a new provider sign-in does', async () => {
    const {token, facebookUser} = await givenProviderOnly();
    world.clock.advance((STEP_UP_MAX_AGE + 1) * 1000);
    expectChallenge(await setPassword(token, PASSWORD), 'recent');
    // No password to step up with: the password method cannot pass.
    const refused = await stepUp(world.client, token, {
      method: 'password',
      password: PASSWORD,
    }).expect(403);
    expect(refused.body.error.code).to.equal('INVALID_CURRENT_PASSWORD');
    world.facebook.signInAs(facebookUser);
    const again = await signInWith(world, 'facebook-login');
    await setPassword(again.access_token, PASSWORD).expect(204);
  });

  it('applies the password policy, and refuses a second set with PASSWORD_ALREADY_SET', async () => {
    const {token} = await givenProviderOnly();
    const weak = await setPassword(token, 'short').expect(422);
    expect(weak.body.error.code).to.equal('WEAK_PASSWORD');
    await setPassword(token, PASSWORD).expect(204);
    const again = await setPassword(
      token,
      'yet another long password 1',
    ).expect(409);
    expect(again.body.error.code).to.equal('PASSWORD_ALREADY_SET');
  });
});
