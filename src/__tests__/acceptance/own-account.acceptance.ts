import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {AuditEventRepository, UserRepository} from '../../repositories';
import {
  basicHeader,
  codeOf,
  givenEmail,
  givenLogin,
  givenSignedUpUser,
  linkTokenFromOutbox,
  SignedUpUser,
} from '../fixtures/accounts';
import {givenOwnAccountScene} from '../fixtures/own-account';

describe('/users/me (acceptance)', () => {
  const scene = givenOwnAccountScene();
  let app: IdentityApplication;
  let client: Client;
  let user: SignedUpUser;
  let bearer: string;
  beforeEach(() => ({app, client, user, bearer} = scene));

  describe('GET /users/me', () => {
    it('answers the caller with a bearer token or Basic', async () => {
      const viaBearer = await client
        .get('/users/me')
        .set('Authorization', bearer)
        .expect(200);
      expect(viaBearer.body).to.containDeep({id: user.id, email: user.email});
      const viaBasic = await client
        .get('/users/me')
        .set('Authorization', basicHeader(user.username, user.password))
        .expect(200);
      expect(viaBasic.body.id).to.equal(user.id);
    });

    it('answers 401 AUTHENTICATION_REQUIRED without credentials', async () => {
      const res = await client.get('/users/me').expect(401);
      expect(codeOf(res)).to.equal('AUTHENTICATION_REQUIRED');
    });
  });

  describe('PATCH /users/me', () => {
    it('changes the name and username', async () => {
      const res = await client
        .patch('/users/me')
        .set('Authorization', bearer)
        .send({name: 'New Name', username: `n_${user.username}`})
        .expect(200);
      expect(res.body).to.containDeep({
        name: 'New Name',
        username: `n_${user.username}`,
      });
    });

    it('keeps a new email pending and links mailed to the old one working', async () => {
      const oldLink = await linkTokenFromOutbox(
        app.config.dataDir,
        user.email,
        'verify-email',
      );
      const res = await client
        .patch('/users/me')
        .set('Authorization', bearer)
        .send({email: givenEmail('other')})
        .expect(202);
      expect(res.body).to.containDeep({
        email: user.email,
        emailVerified: false,
      });
      await client
        .post('/auth/verify-email')
        .send({token: oldLink})
        .expect(204);
    });

    it('answers 409 USERNAME_TAKEN, and 202 for a taken email', async () => {
      const other = await givenSignedUpUser(client);
      await client
        .patch('/users/me')
        .set('Authorization', bearer)
        .send({email: other.email})
        .expect(202);
      const username = await client
        .patch('/users/me')
        .set('Authorization', bearer)
        .send({username: other.username})
        .expect(409);
      expect(codeOf(username)).to.equal('USERNAME_TAKEN');
    });

    for (const field of ['roles', 'emailVerified', 'disabled', 'id']) {
      it(`refuses ${field} in the body with 422`, async () => {
        const value =
          field === 'roles' ? ['admin'] : field === 'id' ? 'x' : true;
        const res = await client
          .patch('/users/me')
          .set('Authorization', bearer)
          .send({name: 'Mallory', [field]: value})
          .expect(422);
        expect(codeOf(res)).to.equal('VALIDATION_FAILED');
        const users = await app.getRepository(UserRepository);
        const stored = await users.findById(user.id);
        expect(stored).to.containDeep({roles: [], disabled: false});
        expect(stored.name).to.be.undefined();
      });
    }

    it('refuses a where-operator value with 422', async () => {
      const res = await client
        .patch('/users/me')
        .set('Authorization', bearer)
        .send({email: {neq: null}})
        .expect(422);
      expect(codeOf(res)).to.equal('VALIDATION_FAILED');
    });
  });

  describe('PUT /users/me/password', () => {
    const newPassword = 'an entirely new passphrase 7';

    it('changes the password, keeps this session, revokes the others', async () => {
      const other = `Bearer ${(await givenLogin(client, user)).access_token}`;
      await client
        .put('/users/me/password')
        .set('Authorization', bearer)
        .send({currentPassword: user.password, newPassword})
        .expect(204);
      await client.get('/users/me').set('Authorization', bearer).expect(200);
      const revoked = await client
        .get('/users/me')
        .set('Authorization', other)
        .expect(401);
      expect(codeOf(revoked)).to.equal('INVALID_TOKEN');
      await client
        .post('/auth/login')
        .send({login: user.email, password: user.password})
        .expect(401);
      await client
        .post('/auth/login')
        .send({login: user.email, password: newPassword})
        .expect(200);
      const events = await app.getRepository(AuditEventRepository);
      expect(
        await events.count({userId: user.id, type: 'password.changed'}),
      ).to.containDeep({count: 1});
    });

    it('answers 403 INVALID_CURRENT_PASSWORD for a wrong current password', async () => {
      const res = await client
        .put('/users/me/password')
        .set('Authorization', bearer)
        .send({currentPassword: 'not my password 9', newPassword})
        .expect(403);
      expect(codeOf(res)).to.equal('INVALID_CURRENT_PASSWORD');
      expect(res.headers['www-authenticate']).to.be.undefined();
    });

    it('answers 422 WEAK_PASSWORD for a weak new password', async () => {
      const res = await client
        .put('/users/me/password')
        .set('Authorization', bearer)
        .send({currentPassword: user.password, newPassword: 'password'})
        .expect(422);
      expect(codeOf(res)).to.equal('WEAK_PASSWORD');
    });

    it('refuses unknown properties with 422', async () => {
      const res = await client
        .put('/users/me/password')
        .set('Authorization', bearer)
        .send({currentPassword: user.password, newPassword, logoutAll: true})
        .expect(422);
      expect(codeOf(res)).to.equal('VALIDATION_FAILED');
    });
  });
});
