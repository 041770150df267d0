import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {User} from '../../models';
import {UserRepository} from '../../repositories';
import {basic, GOOD_PASSWORD} from '../fixtures/guard';
import {
  ADMIN_EMAIL,
  auditOf as auditIn,
  bearer,
  givenUserAdminScene,
} from '../fixtures/user-admin';

describe('Roles and user administration: changes (acceptance)', () => {
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

  const auditOf = (type: string, userId: string) => auditIn(app, type, userId);

  describe('admin endpoints', () => {
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
});
