import {authenticate} from '@loopback/authentication';
import {get} from '@loopback/rest';
import {Context} from 'mocha';
import {Client, expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {IdentityApplication} from '../../application';
import {ApplicationRepository, UserRepository} from '../../repositories';
import {
  Caller,
  givenCaller,
  givenRegisteredApplication,
} from '../fixtures/applications';
import {
  BACKENDS,
  CLIENT_BASE_URL,
  ClientWorld,
  givenClientWorld,
  signInThrough,
} from '../fixtures/client-sign-in';
import {basic, givenUser, GOOD_PASSWORD} from '../fixtures/guard';
import {givenPkce} from '../fixtures/oauth';

const WEB = {id: 'web', redirectUri: `${CLIENT_BASE_URL}/`};

/** A route added after the rule was written, with no third-party mark. */
class LaterController {
  @authenticate('bearer', 'basic')
  @get('/later-route')
  later(): object {
    return {ok: true};
  }
}

for (const backend of BACKENDS) {
  describe(`Tokens of third-party applications, ${backend.name} (acceptance)`, () => {
    let world: ClientWorld;
    let app: IdentityApplication;
    let client: Client;
    let owner: Caller;
    let admin: Caller;
    let thirdApp: {id: string; redirectUri: string};
    let victimId: string;

    before(givenSuite);
    async function givenSuite(this: Context): Promise<void> {
      await backend.require(this);
      world = await givenClientWorld(backend.env);
      ({app, client} = world);
      app.controller(LaterController);
      owner = await givenCaller(app);
      admin = await givenCaller(app, {admin: true});
      const registered = await givenRegisteredApplication(client, owner, {
        redirectUris: ['https://third.example.com/cb'],
      });
      thirdApp = {
        id: registered.id,
        redirectUri: 'https://third.example.com/cb',
      };
      world.fb.signInAs({
        id: `fb-${randomUUID()}`,
        name: 'Vic Tim',
        email: `vic-${randomUUID()}@example.com`,
      });
      victimId = (await signInThrough(client, WEB)).user_id;
      // An administrator's token is the prize: it must not reach admin routes.
      const users = await app.getRepository(UserRepository);
      await users.updateById(victimId, {roles: ['admin']});
    }
    after(() => world?.stop());

    async function thirdPartyToken(): Promise<string> {
      const tokens = await signInThrough(client, thirdApp);
      expect(tokens.user_id).to.equal(victimId);
      return `Bearer ${tokens.access_token}`;
    }

    async function webToken(): Promise<string> {
      return `Bearer ${(await signInThrough(client, WEB)).access_token}`;
    }

    /** One request per kind of account-management route. */
    function managementRequests(auth: string) {
      const flow = givenPkce();
      return [
        client.patch('/users/me').send({name: 'Mallory'}),
        client.put('/users/me/password').send({
          currentPassword: 'x',
          newPassword: 'a brand new passphrase 7',
        }),
        client.delete('/users/me').send({}),
        client.get('/sessions'),
        client.delete('/sessions'),
        client.get('/users/me/identities'),
        client.delete(`/users/me/identities/${randomUUID()}`),
        client.get('/users/me/credentials'),
        client.get('/applications'),
        client.post('/applications').send({
          name: 'x',
          type: 'public',
          redirectUris: ['https://x.example.com/cb'],
        }),
        client.patch(`/applications/${thirdApp.id}`).send({firstParty: true}),
        client.get('/users'),
        client.get(`/users/${victimId}/roles`),
        client.patch(`/users/${owner.id}`).send({roles: ['admin']}),
        client.delete(`/users/${owner.id}`),
        client.post('/link/facebook-login').send({
          redirect_uri: WEB.redirectUri,
          state: 's',
          code_challenge: flow.challenge,
          code_challenge_method: 'S256',
        }),
        client.post('/auth/verify-email/send'),
        client.get('/later-route'),
      ].map(req => req.set('Authorization', auth));
    }

    it('refuses every account-management route with FIRST_PARTY_REQUIRED, changing nothing', async () => {
      const auth = await thirdPartyToken();
      for (const req of managementRequests(auth)) {
        const route = `${req.method} ${new URL(req.url).pathname}`;
        const res = await req;
        expect({route, status: res.status, code: res.body.error?.code}).to.eql({
          route,
          status: 403,
          code: 'FIRST_PARTY_REQUIRED',
        });
      }
      const users = await app.getRepository(UserRepository);
      const victim = await users.findById(victimId);
      expect(victim.name).to.equal('Vic Tim');
      expect((await users.findById(owner.id)).roles).to.eql([]);
      const apps = await app.getRepository(ApplicationRepository);
      expect((await apps.findById(thirdApp.id)).firstParty).to.be.false();
    });

    it('lets it read the profile and sign out its own session', async () => {
      const auth = await thirdPartyToken();
      const me = await client
        .get('/users/me')
        .set('Authorization', auth)
        .expect(200);
      expect(me.body.id).to.equal(victimId);
      await client.post('/auth/logout').set('Authorization', auth).expect(204);
      await client.get('/users/me').set('Authorization', auth).expect(401);
    });

    it('still lets a web token do everything', async () => {
      const auth = await webToken();
      await client
        .patch('/users/me')
        .set('Authorization', auth)
        .send({name: 'Vic T.'})
        .expect(200);
      for (const path of [
        '/sessions',
        '/users/me/identities',
        '/users/me/credentials',
        '/applications',
        '/users',
        '/later-route',
      ]) {
        await client.get(path).set('Authorization', auth).expect(200);
      }
      await client
        .post('/link/facebook-login')
        .set('Authorization', auth)
        .send({
          redirect_uri: WEB.redirectUri,
          state: 's',
          code_challenge: givenPkce().challenge,
          code_challenge_method: 'S256',
        })
        .expect(200);
    });

    it('counts HTTP Basic with the password as first-party', async () => {
      const user = await givenUser(app);
      await client
        .get('/sessions')
        .set('Authorization', basic(user.email, GOOD_PASSWORD))
        .expect(200);
    });

    it('lets only an admin set firstParty, and applies it to tokens already issued', async () => {
      const auth = await thirdPartyToken();
      const refused = await client
        .patch(`/applications/${thirdApp.id}`)
        .set('Authorization', owner.auth)
        .send({firstParty: true, name: 'renamed'})
        .expect(403);
      expect(refused.body.error.code).to.equal('FORBIDDEN');
      const apps = await app.getRepository(ApplicationRepository);
      expect(await apps.findById(thirdApp.id)).to.containDeep({
        firstParty: false,
        name: 'My app',
      });

      const marked = await client
        .patch(`/applications/${thirdApp.id}`)
        .set('Authorization', admin.auth)
        .send({firstParty: true})
        .expect(200);
      expect(marked.body.firstParty).to.be.true();
      await client.get('/sessions').set('Authorization', auth).expect(200);

      await client
        .patch(`/applications/${thirdApp.id}`)
        .set('Authorization', admin.auth)
        .send({firstParty: false})
        .expect(200);
      const again = await client
        .get('/sessions')
        .set('Authorization', auth)
        .expect(403);
      expect(again.body.error.code).to.equal('FIRST_PARTY_REQUIRED');
    });

    it('takes firstParty from no one at registration, and never from web', async () => {
      const res = await client
        .post('/applications')
        .set('Authorization', admin.auth)
        .send({
          name: 'x',
          type: 'public',
          redirectUris: ['https://x.example.com/cb'],
          firstParty: true,
        })
        .expect(422);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      const web = await client
        .patch('/applications/web')
        .set('Authorization', admin.auth)
        .send({firstParty: false})
        .expect(409);
      expect(web.body.error.code).to.equal('CONFLICT');
      const shown = await client
        .get('/applications/web')
        .set('Authorization', admin.auth)
        .expect(200);
      expect(shown.body.firstParty).to.be.true();
    });

    it('says in the OpenAPI document which routes third-party tokens may call', async () => {
      const {body: spec} = await client.get('/openapi.json').expect(200);
      expect(spec.paths['/users/me'].get['x-third-party-clients']).to.be.true();
      expect(
        spec.paths['/auth/logout'].post['x-third-party-clients'],
      ).to.be.true();
      const patch = spec.paths['/users/me'].patch;
      expect(patch['x-third-party-clients']).to.be.false();
      expect(patch.responses['403'].description).to.match(
        /FIRST_PARTY_REQUIRED/,
      );
    });
  });
}
