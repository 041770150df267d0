import {expect} from '@loopback/testlab';
import {UserRepository} from '../../repositories';
import {codeOf} from '../fixtures/accounts';
import {givenSession} from '../fixtures/oauth';
import {givenOwnAccountScene} from '../fixtures/own-account';

// The page offers "Change password" or, for an account made through a
// provider, "Set a password": GET /users/me/password tells which.
describe('GET /users/me/password (acceptance)', () => {
  const scene = givenOwnAccountScene();

  it('answers hasPassword true for an account with a password', async () => {
    const res = await scene.client
      .get('/users/me/password')
      .set('Authorization', scene.bearer)
      .expect(200);
    expect(res.body).to.eql({hasPassword: true});
  });

  it('answers hasPassword false for an account without one', async () => {
    const users = await scene.app.getRepository(UserRepository);
    const user = await users.create({
      email: `no-password-${Date.now()}@example.com`,
      emailVerified: true,
    });
    const {access_token: token} = await givenSession(scene.app, user.id);
    const res = await scene.client
      .get('/users/me/password')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(res.body).to.eql({hasPassword: false});
  });

  it('answers 401 AUTHENTICATION_REQUIRED without credentials', async () => {
    const res = await scene.client.get('/users/me/password').expect(401);
    expect(codeOf(res)).to.equal('AUTHENTICATION_REQUIRED');
  });
});
