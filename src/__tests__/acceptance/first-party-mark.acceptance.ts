import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {ApplicationRepository} from '../../repositories';
import {Caller} from '../fixtures/applications';
import {BACKENDS} from '../fixtures/client-sign-in';
import {givenThirdPartyScene} from '../fixtures/third-party';

for (const backend of BACKENDS) {
  describe(`Tokens of third-party applications: the firstParty mark, ${backend.name} (acceptance)`, () => {
    const scene = givenThirdPartyScene(backend);
    const {thirdPartyToken} = scene;
    let app: IdentityApplication;
    let client: Client;
    let owner: Caller;
    let admin: Caller;
    let thirdApp: {id: string; redirectUri: string};
    before(() => ({app, client, owner, admin, thirdApp} = scene));

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
