import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {User} from '../../models';
import {UserRepository} from '../../repositories';
import {basic, GOOD_PASSWORD} from '../fixtures/guard';
import {ADMIN_EMAIL, bearer, givenUserAdminScene} from '../fixtures/user-admin';

describe('Roles and user administration (acceptance)', () => {
  const scene = givenUserAdminScene();
  let app: IdentityApplication;
  let client: Client;
  let admin: User;
  let adminToken: string;
  let user: User & {email: string};
  let userToken: string;
  beforeEach(() => {
    ({app, client, admin, adminToken, user, userToken} = scene);
  });

  describe('GET /users/{id}/roles', () => {
    it('answers your own roles', async () => {
      const res = await client
        .get(`/users/${user.id}/roles`)
        .set('Authorization', bearer(userToken))
        .expect(200);
      expect(res.body).to.eql({authenticated: true, roles: []});
    });

    it("refuses another user's roles to a non-admin with FORBIDDEN", async () => {
      const res = await client
        .get(`/users/${admin.id}/roles`)
        .set('Authorization', bearer(userToken))
        .expect(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
    });

    it("answers any user's roles to an admin, Basic too", async () => {
      await client
        .get(`/users/${user.id}/roles`)
        .set('Authorization', bearer(adminToken))
        .expect(200, {authenticated: true, roles: []});
      const res = await client
        .get(`/users/${admin.id}/roles`)
        .set('Authorization', basic(ADMIN_EMAIL, GOOD_PASSWORD))
        .expect(200);
      expect(res.body.roles).to.eql(['admin']);
    });

    it('requires authentication', async () => {
      const res = await client.get(`/users/${user.id}/roles`).expect(401);
      expect(res.body.error.code).to.equal('AUTHENTICATION_REQUIRED');
    });
  });

  describe('admin endpoints', () => {
    it('refuse non-admins with FORBIDDEN', async () => {
      for (const req of [
        client.get('/users'),
        client.get(`/users/${user.id}`),
        client.patch(`/users/${user.id}`).send({name: 'x'}),
        client.delete(`/users/${admin.id}`),
      ]) {
        const res = await req.set('Authorization', bearer(userToken));
        expect(res.status).to.equal(403);
        expect(res.body.error.code).to.equal('FORBIDDEN');
      }
    });

    it('refuse a non-admin setting their own roles, and change nothing', async () => {
      const res = await client
        .patch(`/users/${user.id}`)
        .set('Authorization', bearer(userToken))
        .send({roles: ['admin'], emailVerified: true, disabled: false})
        .expect(403);
      expect(res.body.error.code).to.equal('FORBIDDEN');
      const users = await app.getRepository(UserRepository);
      expect((await users.findById(user.id)).roles).to.eql([]);
    });

    it('list users by page and by email, never by a raw filter', async () => {
      const page = await client
        .get('/users')
        .query({limit: 1, offset: 0})
        .set('Authorization', bearer(adminToken))
        .expect(200);
      expect(page.body).to.have.length(1);
      const byEmail = await client
        .get('/users')
        .query({email: user.email.toUpperCase()})
        .set('Authorization', bearer(adminToken))
        .expect(200);
      expect(byEmail.body.map((u: User) => u.id)).to.eql([user.id]);
      const filtered = await client
        .get('/users')
        .query({filter: JSON.stringify({where: {id: user.id}})})
        .set('Authorization', bearer(adminToken))
        .expect(200);
      expect(filtered.body.length).to.be.above(1);
      await client
        .get('/users')
        .query({limit: 101})
        .set('Authorization', bearer(adminToken))
        .expect(400);
      await client
        .get('/users?email[neq]=x')
        .set('Authorization', bearer(adminToken))
        .expect(400);
    });

    it('get a user, or NOT_FOUND', async () => {
      const res = await client
        .get(`/users/${user.id}`)
        .set('Authorization', bearer(adminToken))
        .expect(200);
      expect(res.body).to.containDeep({id: user.id, email: user.email});
      expect(res.body).to.not.have.property('hash');
      const missing = await client
        .get('/users/00000000-0000-4000-8000-000000000000')
        .set('Authorization', bearer(adminToken))
        .expect(404);
      expect(missing.body.error.code).to.equal('NOT_FOUND');
    });
  });

  describe('OpenAPI', () => {
    it('declares bearer and basic and marks authenticated operations', async () => {
      const {body: spec} = await client.get('/openapi.json').expect(200);
      expect(spec.components.securitySchemes).to.containDeep({
        bearer: {type: 'http', scheme: 'bearer', bearerFormat: 'JWT'},
        basic: {type: 'http', scheme: 'basic'},
      });
      // Issue 11: the explorer's oauth2 sign-in is one more alternative.
      expect(spec.paths['/users'].get.security).to.eql([
        {bearer: []},
        {basic: []},
        {oauth2: []},
      ]);
      expect(spec.paths['/health'].get.security).to.be.undefined();
    });
  });
});
