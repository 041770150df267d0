import {Client, expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {IdentityApplication} from '../../application';
import {ApplicationRepository, UserRepository} from '../../repositories';
import {Caller} from '../fixtures/applications';
import {BACKENDS} from '../fixtures/client-sign-in';
import {basic, givenUser, GOOD_PASSWORD} from '../fixtures/guard';
import {givenPkce} from '../fixtures/oauth';
import {givenThirdPartyScene, WEB} from '../fixtures/third-party';

for (const backend of BACKENDS) {
  describe(`Tokens of third-party applications, ${backend.name} (acceptance)`, () => {
    const scene = givenThirdPartyScene(backend);
    const {thirdPartyToken, webToken} = scene;
    let app: IdentityApplication;
    let client: Client;
    let owner: Caller;
    let thirdApp: {id: string; redirectUri: string};
    let victimId: string;
    before(() => ({app, client, owner, thirdApp, victimId} = scene));

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
  });
}
