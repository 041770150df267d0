import {Context} from 'mocha';
import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {
  ApplicationCredentialRepository,
  ApplicationRepository,
  UserRepository,
} from '../../repositories';
import {givenDataDir, removeDataDir} from '../fixtures/app';
import {
  APPS_PROVIDERS,
  Caller,
  givenCaller,
  givenProvidersFile,
  givenRegisteredApplication,
} from '../fixtures/applications';
import {BACKENDS, givenAppOn} from '../fixtures/client-sign-in';
import {GOOD_PASSWORD} from '../fixtures/guard';
import {givenPkce, givenSession} from '../fixtures/oauth';

/**
 * A deleted user's client applications go with them (or, by an admin's
 * choice, to another user): never ownerless, still signing people in with
 * their provider credentials.
 */
for (const backend of BACKENDS) {
  describe(`Applications of a deleted user, ${backend.name} (acceptance)`, () => {
    let app: IdentityApplication;
    let client: Client;
    let dataDir: string;
    let admin: Caller;

    before(givenSuite);
    async function givenSuite(this: Context): Promise<void> {
      await backend.require(this);
      dataDir = givenDataDir();
      ({app, client} = await givenAppOn({
        ...backend.env,
        DATA_DIR: dataDir,
        PROVIDERS_FILE: givenProvidersFile(APPS_PROVIDERS),
      }));
      admin = await givenCaller(app, {admin: true});
    }
    after(async () => {
      await app?.stop();
      if (dataDir) removeDataDir(dataDir);
    });

    /** An application of `owner` with its own Facebook credentials and a signed-in user. */
    async function givenServingApplication(owner: Caller) {
      const {id} = await givenRegisteredApplication(client, owner);
      await client
        .put(`/applications/${id}/credentials/facebook-login`)
        .set('Authorization', owner.auth)
        .send({clientID: 'tenant-fb', clientSecret: 'tenant-fb-secret'})
        .expect(200);
      const someone = await givenCaller(app);
      const session = await givenSession(app, someone.id, id);
      return {id, token: `Bearer ${session.access_token}`};
    }

    function startLogin(clientId: string) {
      return client.get('/auth/facebook-login').query({
        client_id: clientId,
        redirect_uri: 'https://app.example.com/callback',
        state: 's',
        code_challenge: givenPkce().challenge,
        code_challenge_method: 'S256',
        response_mode: 'json',
      });
    }

    async function expectGone(served: {id: string; token: string}) {
      const apps = await app.getRepository(ApplicationRepository);
      const creds = await app.getRepository(ApplicationCredentialRepository);
      expect(await apps.exists(served.id)).to.be.false();
      expect(await creds.count({applicationId: served.id})).to.eql({count: 0});
      await client
        .get('/users/me')
        .set('Authorization', served.token)
        .expect(401);
      const login = await startLogin(served.id).expect(400);
      expect(login.body.error.code).to.equal('INVALID_CLIENT');
    }

    it('DELETE /users/me deletes the applications, their credentials and sessions', async () => {
      const owner = await givenCaller(app);
      const served = [
        await givenServingApplication(owner),
        await givenServingApplication(owner),
      ];
      await startLogin(served[0]!.id).expect(200);
      await client
        .delete('/users/me')
        .set('Authorization', owner.auth)
        .send({password: GOOD_PASSWORD})
        .expect(204);
      for (const s of served) await expectGone(s);
    });

    it("an admin's DELETE /users/{id} does the same", async () => {
      const owner = await givenCaller(app);
      const served = await givenServingApplication(owner);
      await client
        .delete(`/users/${owner.id}`)
        .set('Authorization', admin.auth)
        .expect(204);
      await expectGone(served);
    });

    it('an admin may give them to another user instead', async () => {
      const owner = await givenCaller(app);
      const heir = await givenCaller(app);
      const served = await givenServingApplication(owner);
      await client
        .delete(`/users/${owner.id}`)
        .query({transferApplicationsTo: heir.id})
        .set('Authorization', admin.auth)
        .expect(204);
      const listed = await client
        .get('/applications')
        .set('Authorization', heir.auth)
        .expect(200);
      expect(listed.body.map((a: {id: string}) => a.id)).to.eql([served.id]);
      expect(listed.body[0].ownerId).to.equal(heir.id);
      await client
        .get('/users/me')
        .set('Authorization', served.token)
        .expect(200);
      await startLogin(served.id).expect(200);
    });

    it('refuses a transfer to no one or to the deleted user, deleting nothing', async () => {
      const owner = await givenCaller(app);
      const served = await givenServingApplication(owner);
      for (const target of ['00000000-0000-4000-8000-000000000000', owner.id]) {
        const res = await client
          .delete(`/users/${owner.id}`)
          .query({transferApplicationsTo: target})
          .set('Authorization', admin.auth)
          .expect(422);
        expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      }
      const users = await app.getRepository(UserRepository);
      expect(await users.exists(owner.id)).to.be.true();
      const apps = await app.getRepository(ApplicationRepository);
      expect((await apps.findById(served.id)).ownerId).to.equal(owner.id);
      await client
        .get('/users/me')
        .set('Authorization', served.token)
        .expect(200);
    });

    it('fails cleanly midway and finishes when repeated', async () => {
      const owner = await givenCaller(app);
      const served = [
        await givenServingApplication(owner),
        await givenServingApplication(owner),
      ];
      const sessions = await app.get(IdentityBindings.SESSION_SERVICE);
      const original = sessions.revokeAllForApplication;
      let calls = 0;
      sessions.revokeAllForApplication = async function (id: string) {
        if (++calls === 2) throw new Error('database went away');
        return original.call(this, id);
      };
      try {
        const failed = await client
          .delete(`/users/${owner.id}`)
          .set('Authorization', admin.auth)
          .expect(500);
        expect(failed.body.error).to.eql({
          statusCode: 500,
          message: 'Internal Server Error',
        });
      } finally {
        sessions.revokeAllForApplication = original;
      }
      // The account is still there, and no application serves sign-ins.
      const users = await app.getRepository(UserRepository);
      expect(await users.exists(owner.id)).to.be.true();
      for (const s of served) {
        const login = await startLogin(s.id).expect(400);
        expect(login.body.error.code).to.equal('INVALID_CLIENT');
      }
      await client
        .delete(`/users/${owner.id}`)
        .set('Authorization', admin.auth)
        .expect(204);
      for (const s of served) await expectGone(s);
    });
  });
}
