import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {ApplicationRepository} from '../../repositories';
import {ManualClock} from '../fixtures/manual-clock';
import {CORS_CACHE_TTL_MS} from '../../services/platform/cors-policy.service';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {
  Caller,
  givenCaller,
  givenRegisteredApplication,
} from '../fixtures/applications';

describe('CORS (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let clock: ManualClock;
  let dataDir: string;
  let owner: Caller;
  let admin: Caller;

  before(async () => {
    dataDir = givenDataDir();
    clock = new ManualClock();
    ({app, client} = await givenRunningApp(
      {DATA_DIR: dataDir, BASE_URL: 'https://id.example.com'},
      {clock},
    ));
  });
  beforeEach(async () => {
    owner = await givenCaller(app);
    admin ??= await givenCaller(app, {admin: true});
  });
  after(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  function preflight(origin: string, path = '/users/me') {
    return client
      .options(path)
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization');
  }

  /**
   * An application with `origin`, approved by an admin (an origin counts
   * only once proven: cors-origin-proof.acceptance.ts).
   */
  async function givenApprovedOrigin(origin: string): Promise<string> {
    const {id} = await givenRegisteredApplication(client, owner, {
      allowedOrigins: [origin],
    });
    await client
      .patch(`/applications/${id}`)
      .set('Authorization', admin.auth)
      .send({verifiedOrigins: [origin]})
      .expect(200);
    return id;
  }

  let counter = 0;
  function uniqueOrigin(): string {
    return `https://spa-${++counter}-${Date.now()}.example.com`;
  }

  it("allows a registered origin's preflight, without credentials", async () => {
    const origin = uniqueOrigin();
    await givenApprovedOrigin(origin);
    const res = await preflight(origin).expect(204);
    expect(res.headers['access-control-allow-origin']).to.equal(origin);
    expect(res.headers['access-control-allow-methods']).to.match(/PATCH/);
    expect(res.headers['access-control-allow-headers']).to.match(
      /Authorization/,
    );
    expect(res.headers['access-control-allow-credentials']).to.be.undefined();
    expect(res.headers.vary).to.match(/Origin/);
  });

  it('refuses the preflight of an unregistered origin', async () => {
    const res = await preflight('https://evil.example.net').expect(403);
    expect(res.body.error.code).to.equal('ORIGIN_NOT_ALLOWED');
    expect(res.headers['access-control-allow-origin']).to.be.undefined();
  });

  it('gives no CORS headers to a simple request from an unregistered origin', async () => {
    const res = await client
      .get('/auth/providers')
      .set('Origin', 'https://evil.example.net')
      .expect(200);
    expect(res.headers['access-control-allow-origin']).to.be.undefined();
  });

  it("allows the service's own origin", async () => {
    const res = await preflight('https://id.example.com').expect(204);
    expect(res.headers['access-control-allow-origin']).to.equal(
      'https://id.example.com',
    );
  });

  it('exposes WWW-Authenticate and the auth token headers to an allowed origin', async () => {
    const origin = uniqueOrigin();
    await givenApprovedOrigin(origin);
    const res = await client.get('/users/me').set('Origin', origin).expect(401);
    expect(res.headers['access-control-allow-origin']).to.equal(origin);
    expect(res.headers['access-control-expose-headers']).to.match(
      /WWW-Authenticate/,
    );
    // HTTP Basic clients read their auth token from these (issue 15); an
    // admin page follows GET /users's next page through Link.
    for (const name of [
      'Auth-Token',
      'Auth-Token-Location',
      'Auth-Token-Valid-Until',
      'Link',
      // A page quotes it when it reports a failure (issue 14).
      'X-Request-Id',
    ]) {
      expect(res.headers['access-control-expose-headers']).to.containEql(name);
    }
  });

  it('follows changes made through the API at once', async () => {
    const origin = uniqueOrigin();
    const id = await givenApprovedOrigin(origin);
    await preflight(origin).expect(204);
    await client
      .patch(`/applications/${id}`)
      .set('Authorization', owner.auth)
      .send({disabled: true})
      .expect(200);
    await preflight(origin).expect(403);
  });

  it("sees another node's change within the cache lifetime", async () => {
    const origin = uniqueOrigin();
    await preflight(origin).expect(403);
    // Another node writes to the shared database; this node's cache is warm.
    const apps = await app.getRepository(ApplicationRepository);
    await apps.create({
      name: 'written elsewhere',
      ownerId: owner.id,
      type: 'public',
      redirectUris: ['https://elsewhere.example/cb'],
      allowedOrigins: [origin],
      verifiedOrigins: [origin],
    });
    await preflight(origin).expect(403);
    clock.advance(CORS_CACHE_TTL_MS + 1);
    await preflight(origin).expect(204);
  });
});
