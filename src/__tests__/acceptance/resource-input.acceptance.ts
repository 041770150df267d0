import {Client, expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {ResourceRepository} from '../../repositories';
import {withoutRequestLimits} from '../../services/abuse/rate-limit-settings';
import {codeOf} from '../fixtures/accounts';
import {givenDataDir, removeDataDir} from '../fixtures/app';
import {Caller, givenCaller} from '../fixtures/applications';
import {BACKENDS, givenAppOn} from '../fixtures/client-sign-in';
import {givenIdentifier, givenStoredResource} from '../fixtures/resources';

/** Bad input to the resources API: a 4xx with its code, nothing stored, never a 5xx. */
for (const backend of BACKENDS) {
  describe(`Resources API input, ${backend.name} (acceptance)`, () => {
    let app: IdentityApplication;
    let client: Client;
    let dataDir: string;
    let admin: Caller;

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
    after(async () => {
      await app?.stop();
      if (dataDir) removeDataDir(dataDir);
    });

    /** Posts `body`, a raw JSON text when a string (`__proto__` keys survive only there). */
    function create(body: object | string) {
      return client
        .post('/resources')
        .set('Authorization', admin.auth)
        .set('Content-Type', 'application/json')
        .send(typeof body === 'string' ? body : JSON.stringify(body));
    }

    async function expectRefused(
      body: object | string,
      status: number,
      code: string,
    ): Promise<void> {
      const res = await create(body);
      expect({body, status: res.status, code: codeOf(res)}).to.eql({
        body,
        status,
        code,
      });
    }

    async function stored(identifier: string): Promise<number> {
      const resources = await app.getRepository(ResourceRepository);
      return (await resources.count({identifier})).count;
    }

    it('refuses identifiers that are not absolute http(s) URIs: 422 INVALID_RESOURCE', async () => {
      for (const identifier of [
        '__proto__',
        'constructor',
        'orders-api',
        'urn:example:orders',
        'https://api.example.com/#x',
        'https://api.example.com/?v=1',
        'https://u:p@api.example.com/',
        'https://api.example.com/a b',
      ]) {
        await expectRefused({identifier, name: 'x'}, 422, 'INVALID_RESOURCE');
        expect(await stored(identifier)).to.equal(0);
      }
    });

    it('refuses reserved and malformed scopes: 422 INVALID_SCOPE', async () => {
      for (const scope of [
        'openid',
        'Email',
        'account',
        'a b',
        'a"b',
        'a\\b',
      ]) {
        const identifier = givenIdentifier();
        await expectRefused(
          {identifier, name: 'x', scopes: ['ok', scope]},
          422,
          'INVALID_SCOPE',
        );
        expect(await stored(identifier)).to.equal(0);
      }
    });

    it('refuses control characters anywhere: 400 INVALID_CHARACTERS', async () => {
      const identifier = givenIdentifier();
      for (const body of [
        {identifier: `${identifier}\u0000`, name: 'x'},
        {identifier, name: 'Orders\r\nAPI'},
        {identifier, name: 'x', scopes: ['orders:\tread']},
        {identifier, name: 'x', scopes: ['\u007f']},
      ]) {
        await expectRefused(body, 400, 'INVALID_CHARACTERS');
      }
      expect(await stored(identifier)).to.equal(0);
    });

    it('refuses what the schema does not take: 422 VALIDATION_FAILED', async () => {
      const identifier = givenIdentifier();
      for (const body of [
        {identifier, name: 'x', unknown: true},
        {identifier},
        {identifier, name: ''},
        {identifier, name: 'x', scopes: 'orders:read'},
        {identifier, name: 'x', scopes: [{neq: null}]},
        {identifier, name: 'x', accessTokenTtl: 59},
        {identifier, name: 'x', accessTokenTtl: 86_401},
        {identifier, name: 'x', accessTokenTtl: 1.5},
        {identifier: {neq: null}, name: 'x'},
      ]) {
        await expectRefused(body, 422, 'VALIDATION_FAILED');
      }
      // The JSON parser itself refuses prototype poisoning.
      for (const key of [
        '"__proto__": {"scopes": ["a"]}',
        '"constructor": {"prototype": {"scopes": ["a"]}}',
      ]) {
        const raw = `{"identifier": "${identifier}", "name": "x", ${key}}`;
        await expectRefused(raw, 400, 'INVALID_REQUEST');
      }
      expect(await stored(identifier)).to.equal(0);
    });

    it('stores prototype names as scopes, as the plain strings they are', async () => {
      const identifier = givenIdentifier();
      const scopes = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
      const res = await create({identifier, name: 'x', scopes}).expect(201);
      expect(res.body.scopes).to.eql(scopes);
      const read = await client
        .get(`/resources/${res.body.id}`)
        .set('Authorization', admin.auth)
        .expect(200);
      expect(read.body.scopes).to.eql(scopes);
    });

    it('never changes the identifier, and checks changes like creations', async () => {
      const resource = await givenStoredResource(app);
      const patch = (body: object) =>
        client
          .patch(`/resources/${resource.id}`)
          .set('Authorization', admin.auth)
          .send(body);
      for (const [body, status, code] of [
        [{identifier: givenIdentifier()}, 422, 'VALIDATION_FAILED'],
        [{}, 422, 'VALIDATION_FAILED'],
        [{scopes: ['openid']}, 422, 'INVALID_SCOPE'],
        [{name: 'a\u0000b'}, 400, 'INVALID_CHARACTERS'],
        [{accessTokenTtl: 10}, 422, 'VALIDATION_FAILED'],
      ] as const) {
        const res = await patch(body);
        expect({body, status: res.status, code: codeOf(res)}).to.eql({
          body,
          status,
          code,
        });
      }
      const resources = await app.getRepository(ResourceRepository);
      expect(await resources.findById(resource.id)).to.containDeep({
        identifier: resource.identifier,
        scopes: resource.scopes,
      });
    });

    it('answers 404 RESOURCE_NOT_FOUND for an unknown id, NOT_FOUND for a prototype name', async () => {
      const get = (id: string) =>
        client.get(`/resources/${id}`).set('Authorization', admin.auth);
      expect(codeOf(await get('no-such-id').expect(404))).to.equal(
        'RESOURCE_NOT_FOUND',
      );
      expect(codeOf(await get('__proto__').expect(404))).to.equal('NOT_FOUND');
    });
  });
}
