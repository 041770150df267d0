import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {AuditEventRepository} from '../../repositories';
import {codeOf} from '../fixtures/accounts';
import {Caller, givenRegisteredApplication} from '../fixtures/applications';
import {givenApplicationsApi} from '../fixtures/applications-api';

describe('Client applications API (acceptance)', () => {
  const api = givenApplicationsApi();
  const {call, secrets} = api;
  let app: IdentityApplication;
  let client: Client;
  let owner: Caller;
  let other: Caller;
  let admin: Caller;
  beforeEach(() => ({app, client, owner, other, admin} = api));

  describe('registration', () => {
    it('registers a public application owned by the caller, with no secret', async () => {
      const res = await call(owner, 'post', '/applications', {
        name: 'SPA',
        type: 'public',
        redirectUris: ['https://spa.example.com/cb', 'http://localhost:8080/'],
        allowedOrigins: ['https://spa.example.com'],
      });
      expect(res.status).to.equal(201);
      expect(res.body).to.containDeep({
        name: 'SPA',
        type: 'public',
        ownerId: owner.id,
        redirectUris: ['https://spa.example.com/cb', 'http://localhost:8080/'],
        allowedOrigins: ['https://spa.example.com'],
        disabled: false,
      });
      expect(res.body).to.not.have.properties('clientSecret', 'secretHash');
    });

    it('shows a confidential application its secret once', async () => {
      const created = await givenRegisteredApplication(client, owner, {
        type: 'confidential',
      });
      expect(created.clientSecret).to.match(/^[\w-]{43}$/);
      secrets.push(created.clientSecret!);
      const read = await call(owner, 'get', `/applications/${created.id}`);
      expect(read.body).to.not.have.properties('clientSecret', 'secretHash');
      const list = await call(owner, 'get', '/applications');
      expect(list.text).to.not.match(/clientSecret|secretHash/);
    });

    it('never takes ownerId or disabled from the body', async () => {
      const res = await call(owner, 'post', '/applications', {
        name: 'x',
        type: 'public',
        redirectUris: ['https://a.example/cb'],
        ownerId: other.id,
      });
      expect(res.status).to.equal(422);
      expect(codeOf(res)).to.equal('VALIDATION_FAILED');
    });

    it('needs a signed-in caller', async () => {
      const res = await client.post('/applications').send({}).expect(401);
      expect(codeOf(res)).to.equal('AUTHENTICATION_REQUIRED');
    });

    for (const bad of [
      'http://app.example.com/cb',
      'https://app.example.com/cb#frag',
      'https://*.example.com/cb',
      '/relative/cb',
      'javascript:alert(1)',
      'https://user:pw@app.example.com/cb',
      'myapp:/cb',
      'https://app.example.com/cb ',
      ' https://app.example.com/cb',
      'https://app.example.com/c b',
    ]) {
      it(`refuses the redirect URI ${JSON.stringify(bad)}`, async () => {
        const res = await call(owner, 'post', '/applications', {
          name: 'x',
          type: 'public',
          redirectUris: [bad],
        });
        expect(res.status).to.equal(400);
        expect(codeOf(res)).to.equal('INVALID_REDIRECT_URI');
      });
    }

    it('accepts loopback http and a native reverse-domain scheme', async () => {
      const created = await givenRegisteredApplication(client, owner, {
        redirectUris: [
          'http://127.0.0.1:9000/cb',
          'com.example.app:/oauth2redirect',
        ],
      });
      expect(created.redirectUris).to.have.length(2);
    });

    for (const bad of [
      'https://spa.example.com/',
      'https://spa.example.com/path',
      'http://spa.example.com',
      'https://SPA.example.com',
      'https://spa.example.com:443',
      '*',
    ]) {
      it(`refuses the origin ${bad}`, async () => {
        const res = await call(owner, 'post', '/applications', {
          name: 'x',
          type: 'public',
          redirectUris: ['https://a.example/cb'],
          allowedOrigins: [bad],
        });
        expect(res.status).to.equal(400);
        expect(codeOf(res)).to.equal('INVALID_ORIGIN');
      });
    }

    it('records application.registered', async () => {
      const created = await givenRegisteredApplication(client, owner);
      const events = await app.getRepository(AuditEventRepository);
      const found = await events.find({
        where: {type: 'application.registered', applicationId: created.id},
      });
      expect(found).to.have.length(1);
      expect(found[0]!.userId).to.equal(owner.id);
    });
  });

  describe('ownership', () => {
    it("answers 404 for another owner's application, on every route", async () => {
      const {id} = await givenRegisteredApplication(client, owner, {
        type: 'confidential',
      });
      const attempts = [
        call(other, 'get', `/applications/${id}`),
        call(other, 'patch', `/applications/${id}`, {name: 'mine'}),
        call(other, 'delete', `/applications/${id}`),
        call(other, 'post', `/applications/${id}/secret`),
        call(other, 'put', `/applications/${id}/credentials/facebook-login`, {
          clientID: 'a',
          clientSecret: 'b',
        }),
        call(other, 'get', `/applications/${id}/credentials/facebook-login`),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).to.equal(404);
        expect(codeOf(res)).to.equal('APPLICATION_NOT_FOUND');
      }
      await call(owner, 'get', `/applications/${id}`).then(r =>
        expect(r.status).to.equal(200),
      );
    });

    it('lists only the caller’s own applications; an admin sees all', async () => {
      const mine = await givenRegisteredApplication(client, owner);
      const theirs = await givenRegisteredApplication(client, other);
      const ownList = await call(owner, 'get', '/applications');
      const ids = ownList.body.map((a: {id: string}) => a.id);
      expect(ids).to.eql([mine.id]);
      const all = await call(admin, 'get', '/applications');
      const allIds = all.body.map((a: {id: string}) => a.id);
      expect(allIds).to.containEql(mine.id);
      expect(allIds).to.containEql(theirs.id);
      expect(allIds).to.containEql('web');
    });

    it('lets an admin manage anyone’s application, and only an admin the web one', async () => {
      const {id} = await givenRegisteredApplication(client, owner);
      const res = await call(admin, 'patch', `/applications/${id}`, {
        name: 'renamed by admin',
      });
      expect(res.status).to.equal(200);
      const web = await call(owner, 'get', '/applications/web');
      expect(codeOf(web)).to.equal('APPLICATION_NOT_FOUND');
      const webAdmin = await call(admin, 'get', '/applications/web');
      expect(webAdmin.body).to.containDeep({id: 'web', type: 'public'});
      const del = await call(admin, 'delete', '/applications/web');
      expect(del.status).to.equal(409);
      expect(codeOf(del)).to.equal('CONFLICT');
    });
  });
});
