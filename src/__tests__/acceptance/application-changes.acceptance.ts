import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {
  ApplicationCredentialRepository,
  AuditEventRepository,
} from '../../repositories';
import {codeOf} from '../fixtures/accounts';
import {Caller, givenRegisteredApplication} from '../fixtures/applications';
import {givenApplicationsApi} from '../fixtures/applications-api';

describe('Client applications API: changes and provider credentials (acceptance)', () => {
  const api = givenApplicationsApi();
  const {call, log, secrets} = api;
  let app: IdentityApplication;
  let client: Client;
  let owner: Caller;
  let admin: Caller;
  beforeEach(() => ({app, client, owner, admin} = api));

  describe('update and delete', () => {
    it('changes name, redirect URIs and origins, validating them', async () => {
      const {id} = await givenRegisteredApplication(client, owner);
      const res = await call(owner, 'patch', `/applications/${id}`, {
        name: 'new',
        redirectUris: ['https://new.example/cb'],
        allowedOrigins: ['https://new.example'],
      });
      expect(res.body).to.containDeep({
        name: 'new',
        redirectUris: ['https://new.example/cb'],
        allowedOrigins: ['https://new.example'],
      });
      const bad = await call(owner, 'patch', `/applications/${id}`, {
        redirectUris: ['https://new.example/*'],
      });
      expect(codeOf(bad)).to.equal('INVALID_REDIRECT_URI');
      const spaced = await call(owner, 'patch', `/applications/${id}`, {
        redirectUris: ['https://new.example/cb2 '],
      });
      expect(codeOf(spaced)).to.equal('INVALID_REDIRECT_URI');
      const control = await call(owner, 'patch', `/applications/${id}`, {
        allowedOrigins: ['https://new.example\t'],
      });
      expect(control.status).to.equal(400);
      expect(codeOf(control)).to.equal('INVALID_CHARACTERS');
      const unchanged = await call(owner, 'get', `/applications/${id}`);
      expect(unchanged.body.redirectUris).to.eql(['https://new.example/cb']);
      expect(unchanged.body.allowedOrigins).to.eql(['https://new.example']);
      const type = await call(owner, 'patch', `/applications/${id}`, {
        type: 'confidential',
      });
      expect(codeOf(type)).to.equal('VALIDATION_FAILED');
    });

    it('lets the owner disable, but only an admin re-enable', async () => {
      const {id} = await givenRegisteredApplication(client, owner);
      const off = await call(owner, 'patch', `/applications/${id}`, {
        disabled: true,
      });
      expect(off.body.disabled).to.be.true();
      const on = await call(owner, 'patch', `/applications/${id}`, {
        disabled: false,
      });
      expect(on.status).to.equal(403);
      expect(codeOf(on)).to.equal('FORBIDDEN');
      const byAdmin = await call(admin, 'patch', `/applications/${id}`, {
        disabled: false,
      });
      expect(byAdmin.body.disabled).to.be.false();
    });

    it('deletes the application and its credentials', async () => {
      const {id} = await givenRegisteredApplication(client, owner);
      await call(
        owner,
        'put',
        `/applications/${id}/credentials/facebook-login`,
        {
          clientID: 'fb-own',
          clientSecret: 'fb-own-secret-to-delete',
        },
      );
      secrets.push('fb-own-secret-to-delete');
      const res = await call(owner, 'delete', `/applications/${id}`);
      expect(res.status).to.equal(204);
      const gone = await call(owner, 'get', `/applications/${id}`);
      expect(codeOf(gone)).to.equal('APPLICATION_NOT_FOUND');
      const creds = await app.getRepository(ApplicationCredentialRepository);
      expect(await creds.count({applicationId: id})).to.eql({count: 0});
    });
  });

  describe('provider credentials', () => {
    it('stores them sealed and answers without the secret', async () => {
      const {id} = await givenRegisteredApplication(client, owner);
      const secret = 'fb-app-own-secret-1234';
      secrets.push(secret);
      const put = await call(
        owner,
        'put',
        `/applications/${id}/credentials/facebook-login`,
        {
          clientID: 'fb-app-own-id',
          clientSecret: secret,
          callbackURL: 'https://id.example.com/auth/facebook/callback',
        },
      );
      expect(put.status).to.equal(200);
      expect(put.body).to.containDeep({
        provider: 'facebook-login',
        authScheme: 'oauth2',
        clientID: 'fb-app-own-id',
        callbackURL: 'https://id.example.com/auth/facebook/callback',
        hasClientSecret: true,
      });
      const get = await call(
        owner,
        'get',
        `/applications/${id}/credentials/facebook-login`,
      );
      expect(get.body).to.eql(put.body);
      const creds = await app.getRepository(ApplicationCredentialRepository);
      const row = await creds.findOne({where: {applicationId: id}});
      expect(JSON.stringify(row?.credentials)).to.not.containEql(secret);
      const box = await app.get(IdentityBindings.SECRET_BOX);
      const sealed = (row!.credentials as {clientSecret: string}).clientSecret;
      expect(box.open(sealed, 'application-credential')).to.equal(secret);
    });

    it('takes oAuth 1 keys for an oAuth 1 entry, and only those', async () => {
      const {id} = await givenRegisteredApplication(client, owner);
      secrets.push('tw-own-consumer-secret');
      const put = await call(
        owner,
        'put',
        `/applications/${id}/credentials/twitter-login`,
        {consumerKey: 'tw-own-key', consumerSecret: 'tw-own-consumer-secret'},
      );
      expect(put.body).to.containDeep({
        authScheme: 'oauth1',
        consumerKey: 'tw-own-key',
        hasClientSecret: true,
      });
      const wrong = await call(
        owner,
        'put',
        `/applications/${id}/credentials/twitter-login`,
        {clientID: 'a', clientSecret: 'b'},
      );
      expect(wrong.status).to.equal(422);
      expect(codeOf(wrong)).to.equal('VALIDATION_FAILED');
    });

    it('answers PROVIDER_NOT_FOUND for an entry providers.json lacks', async () => {
      const {id} = await givenRegisteredApplication(client, owner);
      const res = await call(
        owner,
        'put',
        `/applications/${id}/credentials/myspace-login`,
        {clientID: 'a', clientSecret: 'b'},
      );
      expect(res.status).to.equal(404);
      expect(codeOf(res)).to.equal('PROVIDER_NOT_FOUND');
    });

    it('refuses a control character in clientID and a space in callbackURL, storing nothing', async () => {
      const {id} = await givenRegisteredApplication(client, owner);
      const path = `/applications/${id}/credentials/facebook-login`;
      const nul = await call(owner, 'put', path, {
        clientID: 'fb\u0000id',
        clientSecret: 'fb-secret-never-stored',
      });
      expect(nul.status).to.equal(400);
      expect(codeOf(nul)).to.equal('INVALID_CHARACTERS');
      const spaced = await call(owner, 'put', path, {
        clientID: 'fb-id',
        clientSecret: 'fb-secret-never-stored',
        callbackURL: 'https://id.example.com/auth/facebook/callback ',
      });
      expect(spaced.status).to.equal(422);
      expect(codeOf(spaced)).to.equal('VALIDATION_FAILED');
      expect(codeOf(await call(owner, 'get', path))).to.equal('NOT_FOUND');
    });

    it('deletes them, and says NOT_FOUND when there are none', async () => {
      const {id} = await givenRegisteredApplication(client, owner);
      const path = `/applications/${id}/credentials/facebook-login`;
      const none = await call(owner, 'get', path);
      expect(codeOf(none)).to.equal('NOT_FOUND');
      await call(owner, 'put', path, {clientID: 'x', clientSecret: 'y-secret'});
      expect((await call(owner, 'delete', path)).status).to.equal(204);
      expect(codeOf(await call(owner, 'delete', path))).to.equal('NOT_FOUND');
      const events = await app.getRepository(AuditEventRepository);
      const changes = await events.find({
        where: {type: 'application.credentials_changed', applicationId: id},
      });
      expect(changes.map(e => e.details)).to.containDeep([
        {provider: 'facebook-login', action: 'put'},
        {provider: 'facebook-login', action: 'deleted'},
      ]);
    });
  });

  it('never echoes a secret: not on rotation, credentials, reads or lists', async () => {
    const {id, clientSecret} = await givenRegisteredApplication(client, owner, {
      type: 'confidential',
    });
    const rotated = await call(owner, 'post', `/applications/${id}/secret`);
    secrets.push('own-secret-for-the-grep');
    await call(owner, 'put', `/applications/${id}/credentials/facebook-login`, {
      clientID: 'grep-id',
      clientSecret: 'own-secret-for-the-grep',
    });
    await call(owner, 'get', `/applications/${id}/credentials/facebook-login`);
    await call(owner, 'get', `/applications/${id}`);
    await call(admin, 'get', '/applications');
    expect(log.contains('own-secret-for-the-grep')).to.be.false();
    // Client secrets appear exactly where they are issued, nowhere else.
    expect(log.contains(clientSecret!)).to.be.false();
    expect(log.contains(rotated.body.clientSecret)).to.be.true();
    expect(log.contains('hmac-sha256')).to.be.false();
  });
});
