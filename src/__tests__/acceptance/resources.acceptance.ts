import {Client, expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {AuditEventRepository} from '../../repositories';
import {withoutRequestLimits} from '../../services/abuse/rate-limit-settings';
import {codeOf} from '../fixtures/accounts';
import {givenDataDir, removeDataDir} from '../fixtures/app';
import {Caller, givenCaller} from '../fixtures/applications';
import {BACKENDS, givenAppOn} from '../fixtures/client-sign-in';
import {givenApplication, givenSession} from '../fixtures/oauth';
import {givenIdentifier} from '../fixtures/resources';

for (const backend of BACKENDS) {
  describe(`Resources admin API, ${backend.name} (acceptance)`, () => {
    let app: IdentityApplication;
    let client: Client;
    let dataDir: string;
    let admin: Caller;
    let user: Caller;

    before(givenSuite);
    async function givenSuite(this: Context): Promise<void> {
      await backend.require(this);
      dataDir = givenDataDir();
      ({app, client} = await givenAppOn(
        {...backend.env, DATA_DIR: dataDir},
        {rateLimits: withoutRequestLimits()},
      ));
      admin = await givenCaller(app, {admin: true});
      user = await givenCaller(app);
    }
    after(async () => {
      await app?.stop();
      if (dataDir) removeDataDir(dataDir);
    });

    function call(
      caller: Caller | undefined,
      method: 'get' | 'post' | 'patch' | 'delete',
      path: string,
      body?: object,
    ) {
      const req = client[method](path);
      const authorized = caller ? req.set('Authorization', caller.auth) : req;
      return body ? authorized.send(body) : authorized;
    }

    async function givenResource(body: object = {}) {
      const res = await call(admin, 'post', '/resources', {
        identifier: givenIdentifier(),
        name: 'Orders API',
        scopes: ['orders:read', 'orders:write'],
        ...body,
      }).expect(201);
      return res.body as {id: string; identifier: string; scopes: string[]};
    }

    it('lets an admin create, read, list, change and delete a resource', async () => {
      const identifier = givenIdentifier();
      const created = await call(admin, 'post', '/resources', {
        identifier,
        name: 'Orders API',
        scopes: ['orders:read', 'orders:write', 'orders:read'],
        accessTokenTtl: 300,
      }).expect(201);
      expect(created.body).to.containDeep({
        identifier,
        name: 'Orders API',
        scopes: ['orders:read', 'orders:write'],
        accessTokenTtl: 300,
      });
      expect(Object.keys(created.body).sort()).to.eql([
        'accessTokenTtl',
        'created',
        'id',
        'identifier',
        'modified',
        'name',
        'scopes',
      ]);
      const {id} = created.body;
      const read = await call(admin, 'get', `/resources/${id}`).expect(200);
      expect(read.body).to.eql(created.body);
      const listed = await call(admin, 'get', '/resources').expect(200);
      expect(listed.body.map((r: {id: string}) => r.id)).to.containEql(id);

      const changed = await call(admin, 'patch', `/resources/${id}`, {
        name: 'Orders',
        scopes: ['orders:read'],
        accessTokenTtl: null,
      }).expect(200);
      expect(changed.body).to.containDeep({
        identifier,
        name: 'Orders',
        scopes: ['orders:read'],
      });
      expect(changed.body).to.not.have.property('accessTokenTtl');

      await call(admin, 'delete', `/resources/${id}`).expect(204);
      const gone = await call(admin, 'get', `/resources/${id}`).expect(404);
      expect(codeOf(gone)).to.equal('RESOURCE_NOT_FOUND');
      const again = await call(admin, 'delete', `/resources/${id}`).expect(404);
      expect(codeOf(again)).to.equal('RESOURCE_NOT_FOUND');
    });

    it("finds the resources a request's resource parameters name, exactly", async () => {
      const [a, b] = [await givenResource(), await givenResource()];
      const service = await app.get(IdentityBindings.RESOURCE_SERVICE);
      const found = await service.findByIdentifiers([
        b.identifier,
        a.identifier,
        `${a.identifier}/`,
        a.identifier.toUpperCase(),
      ]);
      expect(found.map(r => r.id).sort()).to.eql([a.id, b.id].sort());
      expect(await service.findByIdentifiers([])).to.eql([]);
    });

    it('audits every change with the admin and the identifier', async () => {
      const resource = await givenResource();
      await call(admin, 'patch', `/resources/${resource.id}`, {
        name: 'Renamed',
      }).expect(200);
      await call(admin, 'delete', `/resources/${resource.id}`).expect(204);
      const events = await app.getRepository(AuditEventRepository);
      const mine = await events.find({where: {userId: admin.id}});
      const about = mine.filter(
        e => (e.details as {resourceId?: string}).resourceId === resource.id,
      );
      expect(about.map(e => e.type).sort()).to.eql([
        'resource.created',
        'resource.deleted',
        'resource.updated',
      ]);
    });

    it('refuses a non-admin with 403 FORBIDDEN on every route', async () => {
      const {id} = await givenResource();
      const attempts = [
        call(user, 'post', '/resources', {
          identifier: givenIdentifier(),
          name: 'x',
        }),
        call(user, 'get', '/resources'),
        call(user, 'get', `/resources/${id}`),
        call(user, 'patch', `/resources/${id}`, {name: 'x'}),
        call(user, 'delete', `/resources/${id}`),
      ];
      for (const res of await Promise.all(attempts)) {
        expect({status: res.status, code: codeOf(res)}).to.eql({
          status: 403,
          code: 'FORBIDDEN',
        });
      }
      await call(admin, 'get', `/resources/${id}`).expect(200);
    });

    it('asks anonymous callers to authenticate (401)', async () => {
      const {id} = await givenResource();
      for (const [method, path] of [
        ['get', '/resources'],
        ['post', '/resources'],
        ['get', `/resources/${id}`],
        ['patch', `/resources/${id}`],
        ['delete', `/resources/${id}`],
      ] as const) {
        const res = await call(undefined, method, path, {name: 'x'});
        expect({path, status: res.status, code: codeOf(res)}).to.eql({
          path,
          status: 401,
          code: 'AUTHENTICATION_REQUIRED',
        });
      }
    });

    it("refuses an admin's token issued to a third-party application", async () => {
      const thirdParty = await givenApplication(app);
      const session = await givenSession(app, admin.id, thirdParty.id);
      const res = await client
        .get('/resources')
        .set('Authorization', `Bearer ${session.access_token}`)
        .expect(403);
      expect(codeOf(res)).to.equal('FIRST_PARTY_REQUIRED');
    });

    it('answers 409 RESOURCE_EXISTS for a taken identifier, once of many concurrent', async () => {
      const taken = await givenResource();
      const res = await call(admin, 'post', '/resources', {
        identifier: taken.identifier,
        name: 'Copy',
      }).expect(409);
      expect(codeOf(res)).to.equal('RESOURCE_EXISTS');
      const identifier = givenIdentifier();
      const racing = await Promise.all(
        Array.from({length: 8}, (_, i) =>
          call(admin, 'post', '/resources', {identifier, name: `r${i}`}),
        ),
      );
      expect(racing.map(r => r.status).sort()).to.eql([
        201, 409, 409, 409, 409, 409, 409, 409,
      ]);
      expect(racing.filter(r => r.status === 409).map(codeOf)).to.eql(
        Array(7).fill('RESOURCE_EXISTS'),
      );
    });
  });
}
