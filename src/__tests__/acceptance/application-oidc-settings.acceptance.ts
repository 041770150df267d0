import {Client, expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {randomUUID} from 'node:crypto';
import {IdentityApplication} from '../../application';
import {TOKEN_EXCHANGE_GRANT} from '../../models';
import {ApplicationRepository} from '../../repositories';
import {withoutRequestLimits} from '../../services/abuse/rate-limit-settings';
import {codeOf} from '../fixtures/accounts';
import {givenDataDir, removeDataDir} from '../fixtures/app';
import {
  Caller,
  givenCaller,
  givenRegisteredApplication,
} from '../fixtures/applications';
import {BACKENDS, givenAppOn} from '../fixtures/client-sign-in';
import {givenStoredResource} from '../fixtures/resources';

const EXISTING_FIELDS = [
  'allowedOrigins',
  'created',
  'disabled',
  'firstParty',
  'id',
  'modified',
  'name',
  'ownerId',
  'redirectUris',
  'type',
  'verifiedOrigins',
];

/** The OpenID Provider settings of applications, through the application routes. */
for (const backend of BACKENDS) {
  describe(`Application OpenID settings, ${backend.name} (acceptance)`, () => {
    let app: IdentityApplication;
    let client: Client;
    let dataDir: string;
    let admin: Caller;
    let owner: Caller;

    before(givenSuite);
    async function givenSuite(this: Context): Promise<void> {
      await backend.require(this);
      dataDir = givenDataDir();
      ({app, client} = await givenAppOn(
        {...backend.env, DATA_DIR: dataDir},
        {rateLimits: withoutRequestLimits()},
      ));
      admin = await givenCaller(app, {admin: true});
    }
    beforeEach(async () => {
      owner = await givenCaller(app);
    });
    after(async () => {
      await app?.stop();
      if (dataDir) removeDataDir(dataDir);
    });

    function register(caller: Caller, body: object) {
      return client
        .post('/applications')
        .set('Authorization', caller.auth)
        .send({
          name: 'App',
          type: 'confidential',
          redirectUris: ['https://app.example.com/cb'],
          ...body,
        });
    }

    function change(caller: Caller, id: string, body: object) {
      return client
        .patch(`/applications/${id}`)
        .set('Authorization', caller.auth)
        .send(body);
    }

    async function ownedCount(): Promise<number> {
      const apps = await app.getRepository(ApplicationRepository);
      return (await apps.count({ownerId: owner.id})).count;
    }

    it('shows the defaults beside every field the responses had', async () => {
      const created = await givenRegisteredApplication(client, owner);
      const res = await client
        .get(`/applications/${created.id}`)
        .set('Authorization', owner.auth)
        .expect(200);
      expect(Object.keys(res.body)).to.containDeep(EXISTING_FIELDS);
      expect(res.body).to.containDeep({
        grantTypes: ['authorization_code', 'refresh_token'],
        scopes: [],
        postLogoutRedirectUris: [],
      });
      expect(res.body).to.not.have.property('idTokenSignedResponseAlg');
    });

    it('refuses client_credentials to a public application: 422 GRANT_TYPE_NOT_ALLOWED', async () => {
      const refused = await register(owner, {
        type: 'public',
        grantTypes: ['authorization_code', 'client_credentials'],
      }).expect(422);
      expect(codeOf(refused)).to.equal('GRANT_TYPE_NOT_ALLOWED');
      expect(await ownedCount()).to.equal(0);
      const pub = await givenRegisteredApplication(client, owner);
      const patched = await change(owner, pub.id, {
        grantTypes: ['client_credentials'],
      }).expect(422);
      expect(codeOf(patched)).to.equal('GRANT_TYPE_NOT_ALLOWED');
    });

    it('lets an owner choose the grants of a confidential application', async () => {
      const res = await register(owner, {
        grantTypes: ['client_credentials'],
      }).expect(201);
      expect(res.body.grantTypes).to.eql(['client_credentials']);
      const changed = await change(owner, res.body.id, {
        grantTypes: [
          'authorization_code',
          'refresh_token',
          'client_credentials',
        ],
      }).expect(200);
      expect(changed.body.grantTypes).to.eql([
        'authorization_code',
        'refresh_token',
        'client_credentials',
      ]);
      const lone = await change(owner, res.body.id, {
        grantTypes: ['refresh_token'],
      }).expect(422);
      expect(codeOf(lone)).to.equal('GRANT_TYPE_NOT_ALLOWED');
      const unknown = await change(owner, res.body.id, {
        grantTypes: ['password'],
      }).expect(422);
      expect(codeOf(unknown)).to.equal('VALIDATION_FAILED');
    });

    it('lets only an admin allow token exchange; the owner may keep or drop it', async () => {
      const grants = ['client_credentials', TOKEN_EXCHANGE_GRANT];
      const refused = await register(owner, {grantTypes: grants}).expect(403);
      expect(codeOf(refused)).to.equal('FORBIDDEN');
      expect(await ownedCount()).to.equal(0);

      const {id} = (await register(owner, {}).expect(201)).body;
      const byOwner = await change(owner, id, {grantTypes: grants}).expect(403);
      expect(codeOf(byOwner)).to.equal('FORBIDDEN');
      await change(admin, id, {grantTypes: grants}).expect(200);
      // Kept while the owner renames it or changes other grants.
      await change(owner, id, {name: 'Renamed', grantTypes: grants}).expect(
        200,
      );
      const dropped = await change(owner, id, {
        grantTypes: ['client_credentials'],
      }).expect(200);
      expect(dropped.body.grantTypes).to.eql(['client_credentials']);
      await change(owner, id, {grantTypes: grants}).expect(403);
    });

    it('takes only scopes a resource defines', async () => {
      const resource = await givenStoredResource(app, {
        scopes: ['orders:read', '__proto__'],
      });
      const res = await register(owner, {
        scopes: ['orders:read', '__proto__', 'orders:read'],
      }).expect(201);
      expect(res.body.scopes).to.eql(['orders:read', '__proto__']);
      // Unique: on a shared database another test's resource may define any
      // other name (`constructor` included).
      const undefinedScope = `nobody:${randomUUID()}`;
      for (const scope of ['openid', 'account', undefinedScope]) {
        const refused = await change(owner, res.body.id, {
          scopes: [...resource.scopes, scope],
        }).expect(422);
        expect({scope, code: codeOf(refused)}).to.eql({
          scope,
          code: 'INVALID_SCOPE',
        });
      }
      const read = await client
        .get(`/applications/${res.body.id}`)
        .set('Authorization', owner.auth)
        .expect(200);
      expect(read.body.scopes).to.eql(['orders:read', '__proto__']);
    });

    it('checks post-logout redirect URIs as redirect URIs', async () => {
      const {id} = await givenRegisteredApplication(client, owner);
      const uris = ['https://app.example.com/bye', 'http://127.0.0.1:9/'];
      const ok = await change(owner, id, {postLogoutRedirectUris: uris});
      expect(ok.status).to.equal(200);
      expect(ok.body.postLogoutRedirectUris).to.eql(uris);
      for (const [uri, status, code] of [
        ['https://app.example.com/bye#top', 400, 'INVALID_REDIRECT_URI'],
        ['http://app.example.com/bye', 400, 'INVALID_REDIRECT_URI'],
        ['https://app.example.com/a b', 400, 'INVALID_REDIRECT_URI'],
        ['https://app.example.com/\u0000', 400, 'INVALID_CHARACTERS'],
        ['https://app.example.com/\r\nSet-Cookie:x', 400, 'INVALID_CHARACTERS'],
      ] as const) {
        const res = await change(owner, id, {postLogoutRedirectUris: [uri]});
        expect({uri, status: res.status, code: codeOf(res)}).to.eql({
          uri,
          status,
          code,
        });
      }
    });

    it('sets and clears the ID token algorithm', async () => {
      const res = await register(owner, {
        idTokenSignedResponseAlg: 'ES256',
      }).expect(201);
      expect(res.body.idTokenSignedResponseAlg).to.equal('ES256');
      const bad = await change(owner, res.body.id, {
        idTokenSignedResponseAlg: 'none',
      }).expect(422);
      expect(codeOf(bad)).to.equal('VALIDATION_FAILED');
      const cleared = await change(owner, res.body.id, {
        idTokenSignedResponseAlg: null,
      }).expect(200);
      expect(cleared.body).to.not.have.property('idTokenSignedResponseAlg');
      await register(owner, {idTokenSignedResponseAlg: null}).expect(422);
    });

    it("keeps another owner's application out of reach, and the web page's grants", async () => {
      const {id} = await givenRegisteredApplication(client, owner);
      const stranger = await givenCaller(app);
      const res = await change(stranger, id, {
        grantTypes: ['authorization_code'],
      });
      expect({status: res.status, code: codeOf(res)}).to.eql({
        status: 404,
        code: 'APPLICATION_NOT_FOUND',
      });
      const web = await change(admin, 'web', {
        grantTypes: ['authorization_code'],
      }).expect(409);
      expect(codeOf(web)).to.equal('CONFLICT');
    });
  });
}
