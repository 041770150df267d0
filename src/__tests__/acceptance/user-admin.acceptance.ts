import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {User} from '../../models';
import {AuditEventRepository, UserRepository} from '../../repositories';
import {
  basic,
  givenAccessToken,
  givenGuardApp,
  givenUser,
  GOOD_PASSWORD,
} from '../fixtures/guard';

const ADMIN_EMAIL = 'root@example.com';

describe('Roles and user administration (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let admin: User;
  let adminToken: string;
  let user: User & {email: string};
  let userToken: string;

  before(async () => {
    ({app, client} = await givenGuardApp({
      env: {ADMIN_EMAIL, ADMIN_PASSWORD: GOOD_PASSWORD},
    }));
    const users = await app.getRepository(UserRepository);
    admin = (await users.findByEmail(ADMIN_EMAIL))!;
    adminToken = await givenAccessToken(app, admin.id);
  });
  after(() => app.stop());
  beforeEach(async () => {
    user = await givenUser(app, {name: 'Ada'});
    userToken = await givenAccessToken(app, user.id);
  });

  const bearer = (token: string) => `Bearer ${token}`;

  async function auditOf(type: string, userId: string) {
    const events = await app.getRepository(AuditEventRepository);
    return events.find({where: {type, userId}});
  }

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

    it('change roles, audited with before and after, effective at once', async () => {
      await client
        .patch(`/users/${user.id}`)
        .set('Authorization', bearer(adminToken))
        .send({roles: ['admin']})
        .expect(200);
      await client
        .get('/users')
        .set('Authorization', bearer(userToken))
        .expect(200);
      await client
        .patch(`/users/${user.id}`)
        .set('Authorization', bearer(adminToken))
        .send({roles: []})
        .expect(200);
      await client
        .get('/users')
        .set('Authorization', bearer(userToken))
        .expect(403);
      const events = await auditOf('role.changed', user.id);
      expect(events.map(e => e.details)).to.containDeep([
        {by: admin.id, before: [], after: ['admin']},
        {by: admin.id, before: ['admin'], after: []},
      ]);
    });

    it('disable an account: its token fails at once, and Basic too', async () => {
      const res = await client
        .patch(`/users/${user.id}`)
        .set('Authorization', bearer(adminToken))
        .send({disabled: true})
        .expect(200);
      expect(res.body.disabled).to.be.true();
      const refused = await client
        .get(`/users/${user.id}/roles`)
        .set('Authorization', bearer(userToken))
        .expect(401);
      expect(refused.body.error.code).to.equal('INVALID_TOKEN');
      const basicRefused = await client
        .get(`/users/${user.id}/roles`)
        .set('Authorization', basic(user.email, GOOD_PASSWORD))
        .expect(401);
      expect(basicRefused.body.error.code).to.equal('INVALID_CREDENTIALS');
      expect(await auditOf('user.disabled', user.id)).to.have.length(1);

      await client
        .patch(`/users/${user.id}`)
        .set('Authorization', bearer(adminToken))
        .send({disabled: false})
        .expect(200);
      await client
        .get(`/users/${user.id}/roles`)
        .set('Authorization', basic(user.email, GOOD_PASSWORD))
        .expect(200);
      expect(await auditOf('user.enabled', user.id)).to.have.length(1);
    });

    it('change the email: unverified unless said otherwise; a taken one is EMAIL_TAKEN', async () => {
      const res = await client
        .patch(`/users/${user.id}`)
        .set('Authorization', bearer(adminToken))
        .send({email: `New-${user.email}`})
        .expect(200);
      expect(res.body).to.containDeep({
        email: `new-${user.email}`,
        emailVerified: false,
      });
      const taken = await client
        .patch(`/users/${user.id}`)
        .set('Authorization', bearer(adminToken))
        .send({email: ADMIN_EMAIL})
        .expect(409);
      expect(taken.body.error.code).to.equal('EMAIL_TAKEN');
    });

    it('reject unknown properties and where-operator payloads with 422', async () => {
      for (const body of [
        {name: 'x', isAdmin: true},
        {email: {neq: null}},
        {roles: 'admin'},
        {},
      ]) {
        const res = await client
          .patch(`/users/${user.id}`)
          .set('Authorization', bearer(adminToken))
          .send(body)
          .expect(422);
        expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      }
    });

    it('refuse an admin removing their own admin role, disabling or deleting themself', async () => {
      for (const req of [
        client.patch(`/users/${admin.id}`).send({roles: []}),
        client.patch(`/users/${admin.id}`).send({disabled: true}),
        client.delete(`/users/${admin.id}`),
      ]) {
        const res = await req.set('Authorization', bearer(adminToken));
        expect(res.status).to.equal(409);
        expect(res.body.error.code).to.equal('CANNOT_MODIFY_SELF');
      }
      const users = await app.getRepository(UserRepository);
      expect(await users.findById(admin.id)).to.containDeep({
        roles: ['admin'],
        disabled: false,
      });
    });

    it('delete a user: gone, and their token fails', async () => {
      await client
        .delete(`/users/${user.id}`)
        .set('Authorization', bearer(adminToken))
        .expect(204);
      await client
        .get(`/users/${user.id}`)
        .set('Authorization', bearer(adminToken))
        .expect(404);
      await client
        .get(`/users/${user.id}/roles`)
        .set('Authorization', bearer(userToken))
        .expect(401);
      expect(await auditOf('user.deleted', user.id)).to.have.length(1);
    });
  });

  describe('OpenAPI', () => {
    it('declares bearer and basic and marks authenticated operations', async () => {
      const {body: spec} = await client.get('/openapi.json').expect(200);
      expect(spec.components.securitySchemes).to.containDeep({
        bearer: {type: 'http', scheme: 'bearer', bearerFormat: 'JWT'},
        basic: {type: 'http', scheme: 'basic'},
      });
      expect(spec.paths['/users'].get.security).to.eql([
        {bearer: []},
        {basic: []},
      ]);
      expect(spec.paths['/health'].get.security).to.be.undefined();
    });
  });
});
