import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {
  AuditEventRepository,
  EmailTokenRepository,
  PasswordCredentialRepository,
  UserIdentityRepository,
  UserRepository,
} from '../../repositories';
import {codeOf, SignedUpUser} from '../fixtures/accounts';
import {givenOwnAccountScene} from '../fixtures/own-account';

describe('/users/me (acceptance)', () => {
  const scene = givenOwnAccountScene();
  let app: IdentityApplication;
  let client: Client;
  let user: SignedUpUser;
  let bearer: string;
  beforeEach(() => ({app, client, user, bearer} = scene));

  describe('DELETE /users/me', () => {
    it('deletes the account and what hangs off it, and revokes its sessions', async () => {
      const identities = await app.getRepository(UserIdentityRepository);
      await identities.create({
        provider: 'github',
        authScheme: 'oAuth 2.0',
        externalId: `gh-${user.id}`,
        profile: {},
        userId: user.id,
      });
      await client
        .delete('/users/me')
        .set('Authorization', bearer)
        .send({password: user.password})
        .expect(204);
      const revoked = await client
        .get('/users/me')
        .set('Authorization', bearer)
        .expect(401);
      expect(codeOf(revoked)).to.equal('INVALID_TOKEN');
      const users = await app.getRepository(UserRepository);
      expect(await users.findOne({where: {id: user.id}})).to.be.null();
      const passwords = await app.getRepository(PasswordCredentialRepository);
      expect(await passwords.count({userId: user.id})).to.containDeep({
        count: 0,
      });
      expect(await identities.count({userId: user.id})).to.containDeep({
        count: 0,
      });
      const emailTokens = await app.getRepository(EmailTokenRepository);
      expect(await emailTokens.count({userId: user.id})).to.containDeep({
        count: 0,
      });
      const events = await app.getRepository(AuditEventRepository);
      expect(
        await events.count({userId: user.id, type: 'user.deleted'}),
      ).to.containDeep({count: 1});
      await client
        .post('/auth/login')
        .send({login: user.email, password: user.password})
        .expect(401);
    });

    it('answers 403 INVALID_CURRENT_PASSWORD without or with a wrong password', async () => {
      const missing = await client
        .delete('/users/me')
        .set('Authorization', bearer)
        .expect(403);
      expect(codeOf(missing)).to.equal('INVALID_CURRENT_PASSWORD');
      const wrong = await client
        .delete('/users/me')
        .set('Authorization', bearer)
        .send({password: 'not my password 9'})
        .expect(403);
      expect(codeOf(wrong)).to.equal('INVALID_CURRENT_PASSWORD');
      await client.get('/users/me').set('Authorization', bearer).expect(200);
    });

    it('needs no password for an account that has none', async () => {
      const passwords = await app.getRepository(PasswordCredentialRepository);
      await passwords.deleteAll({userId: user.id});
      await client.delete('/users/me').set('Authorization', bearer).expect(204);
    });

    it('answers 401 without credentials', async () => {
      const res = await client
        .delete('/users/me')
        .send({password: user.password})
        .expect(401);
      expect(codeOf(res)).to.equal('AUTHENTICATION_REQUIRED');
    });
  });
});
