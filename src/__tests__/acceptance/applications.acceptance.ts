import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {
  ApplicationCredentialRepository,
  AuditEventRepository,
} from '../../repositories';
import {codeOf} from '../fixtures/accounts';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {
  APPS_PROVIDERS,
  Caller,
  givenCaller,
  givenOAuth1Entry,
  givenProvidersFile,
  givenRegisteredApplication,
  ResponseLog,
} from '../fixtures/applications';

describe('Client applications API (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let dataDir: string;
  let owner: Caller;
  let other: Caller;
  let admin: Caller;
  // Every secret any test sends or receives; none may appear in a response.
  const secrets: string[] = [];
  const log = new ResponseLog();

  before(async () => {
    dataDir = givenDataDir();
    ({app, client} = await givenRunningApp({
      DATA_DIR: dataDir,
      PROVIDERS_FILE: givenProvidersFile(APPS_PROVIDERS),
    }));
    await givenOAuth1Entry(app);
  });
  beforeEach(async () => {
    owner = await givenCaller(app);
    other = await givenCaller(app);
    admin = await givenCaller(app, {admin: true});
  });
  after(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });
  // Whatever order the tests ran in: no response of the whole suite may
  // carry a provider secret any test sent.
  after(() => {
    expect(log.size).to.be.above(20);
    const leaked = secrets.filter(s => log.contains(s));
    expect(leaked).to.eql([]);
  });

  function call(
    caller: Caller,
    method: 'get' | 'post' | 'patch' | 'put' | 'delete',
    path: string,
    body?: object,
  ) {
    const req = client[method](path).set('Authorization', caller.auth);
    return log.record(body ? req.send(body) : req);
  }

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
