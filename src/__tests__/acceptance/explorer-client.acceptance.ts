import {
  OpenApiSpec,
  OperationObject,
  SecuritySchemeObject,
} from '@loopback/rest';
import {expect} from '@loopback/testlab';
import {ApplicationRepository} from '../../repositories';
import {codeOf} from '../fixtures/accounts';
import {givenRunningApp, RunningApp} from '../fixtures/app';
import {Caller, givenCaller} from '../fixtures/applications';

const BASE = 'https://id.example.com';
const REDIRECT_URI = `${BASE}/explorer/oauth2-redirect.html`;

// What the explorer's one-click sign-in stands on, over HTTP: the oauth2
// scheme in the document, the built-in `explorer` application it names,
// and the explorer's redirect page served under the explorer's strict CSP.
describe('API explorer: the oauth2 scheme and the explorer application (acceptance)', () => {
  let running: RunningApp;
  let spec: OpenApiSpec;

  before(async () => {
    running = await givenRunningApp({BASE_URL: BASE});
    spec = (await running.client.get('/openapi.json').expect(200)).body;
  });
  after(() => running?.app.stop());

  it('declares an oauth2 authorization code scheme at the endpoints discovery names', async () => {
    const discovery = (
      await running.client.get('/.well-known/openid-configuration').expect(200)
    ).body;
    const oauth2 = spec.components?.securitySchemes
      ?.oauth2 as SecuritySchemeObject;
    expect(oauth2.type).to.equal('oauth2');
    const flow = oauth2.flows?.authorizationCode;
    expect(flow?.authorizationUrl).to.equal(`${BASE}/oauth/authorize`);
    expect(flow?.tokenUrl).to.equal(`${BASE}/auth/token`);
    expect(flow?.authorizationUrl).to.equal(discovery.authorization_endpoint);
    expect(flow?.tokenUrl).to.equal(discovery.token_endpoint);
    expect(Object.keys(flow?.scopes ?? {})).to.eql([
      'openid',
      'profile',
      'email',
      'offline_access',
    ]);
    for (const description of Object.values(flow?.scopes ?? {})) {
      expect(description).to.match(/\w{3}/);
    }
    expect(spec.components?.securitySchemes).to.containDeep({
      bearer: {type: 'http', scheme: 'bearer'},
      basic: {type: 'http', scheme: 'basic'},
    });
  });

  it('offers oauth2 as an alternative wherever a bearer token is taken, and nowhere else', () => {
    expect(operation(spec, 'get', '/users/me').security).to.eql([
      {bearer: []},
      {basic: []},
      {oauth2: []},
    ]);
    expect(operation(spec, 'get', '/health').security).to.be.undefined();
    const bad = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item as Record<string, OperationObject>)
        .filter(([, op]) => {
          const names = (op.security ?? []).flatMap(r => Object.keys(r));
          return names.includes('bearer') !== names.includes('oauth2');
        })
        .map(([method]) => `${method} ${path}`),
    );
    expect(bad).to.eql([]);
  });

  it('creates the first-party public application `explorer`, redirecting to the explorer’s redirect page only', async () => {
    const repo = await running.app.getRepository(ApplicationRepository);
    const app = await repo.findById('explorer');
    expect(app).to.containDeep({
      type: 'public',
      firstParty: true,
      disabled: false,
      grantTypes: ['authorization_code', 'refresh_token'],
    });
    expect(app.redirectUris).to.eql([REDIRECT_URI]);
    expect(app.ownerId).to.be.undefined();
  });

  it('serves its own redirect page in place of swagger-ui’s, its script from a file', async () => {
    const res = await running.client
      .get('/explorer/oauth2-redirect.html')
      .expect(200);
    expect(res.type).to.equal('text/html');
    const scripts = [...res.text.matchAll(/<script\b([^>]*)>([^<]*)</g)];
    expect(scripts.length).to.be.above(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).to.match(/\bsrc="/);
      expect(body!.trim()).to.equal('');
    }
    // Ours (public/explorer/), not swagger-ui-dist's oauth2-redirect.js.
    const src = /src="([^"]+)"/.exec(scripts[0]![1]!)![1]!;
    expect(src).to.equal('./oauth2-redirect-channel.js');
    await running.client
      .get(`/explorer/${src}`)
      .expect(200)
      .expect('content-type', /javascript/);
  });

  it("keeps the explorer's pages to scripts of their own origin: no 'unsafe-inline', no 'unsafe-eval'", async () => {
    const pages = [
      '/explorer/',
      '/explorer/oauth2-redirect.html',
      '/explorer/oauth2-redirect-channel.js',
      '/explorer/explorer.js',
    ];
    for (const path of pages) {
      const res = await running.client.get(path).expect(200);
      const policy = res.get('content-security-policy') ?? '';
      const scripts = directive(policy, ['script-src', 'default-src']);
      expect({path, scripts}).to.eql({path, scripts: "'self'"});
    }
  });

  describe('keeps `explorer` what it is', () => {
    let owner: Caller;
    let admin: Caller;
    before(async () => {
      owner = await givenCaller(running.app);
      admin = await givenCaller(running.app, {admin: true});
    });
    const call = (
      caller: Caller,
      method: 'get' | 'patch' | 'delete',
      body = {},
    ) =>
      running.client[method]('/applications/explorer')
        .set('Authorization', caller.auth)
        .send(body);

    it('is out of reach of anyone but an admin', async () => {
      for (const method of ['get', 'patch', 'delete'] as const) {
        const res = await call(owner, method, {redirectUris: [`${BASE}/x`]});
        expect(res.status).to.equal(404);
        expect(codeOf(res)).to.equal('APPLICATION_NOT_FOUND');
      }
    });

    it('cannot be deleted, lose its first-party mark or its grants, even by an admin', async () => {
      const del = await call(admin, 'delete');
      expect([del.status, codeOf(del)]).to.eql([409, 'CONFLICT']);
      const mark = await call(admin, 'patch', {firstParty: false});
      expect([mark.status, codeOf(mark)]).to.eql([409, 'CONFLICT']);
      const grants = await call(admin, 'patch', {
        grantTypes: ['authorization_code'],
      });
      expect([grants.status, codeOf(grants)]).to.eql([409, 'CONFLICT']);
      const shown = await call(admin, 'get');
      expect(shown.body).to.containDeep({
        id: 'explorer',
        firstParty: true,
        grantTypes: ['authorization_code', 'refresh_token'],
        redirectUris: [REDIRECT_URI],
      });
    });
  });
});

function operation(
  spec: OpenApiSpec,
  method: string,
  path: string,
): OperationObject {
  const item = spec.paths[path] as Record<string, OperationObject>;
  return item[method]!;
}

/** The sources of the first of `names` the policy has (its fallback order). */
function directive(policy: string, names: string[]): string | undefined {
  const directives = new Map(
    policy.split(';').map(d => {
      const [name = '', ...sources] = d.trim().split(/\s+/);
      return [name, sources.join(' ')] as const;
    }),
  );
  return names.map(n => directives.get(n)).find(v => v !== undefined);
}
