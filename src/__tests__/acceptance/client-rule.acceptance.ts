import {Client, expect, sinon} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {IdentityApplication} from '../../application';
import {
  ApplicationCredentialRepository,
  ApplicationRepository,
} from '../../repositories';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {
  Caller,
  givenCaller,
  givenProvidersFile,
  givenRegisteredApplication,
} from '../fixtures/applications';
import {FacebookServer, givenFacebookServer} from '../fixtures/facebook-server';
import {givenPkce, postForm} from '../fixtures/oauth';
import {approveAt} from '../fixtures/passport-driver';
import {givenReadCounter} from '../fixtures/read-counter';

const BASE_URL = 'http://localhost:3000';
const WEB_REDIRECT = `${BASE_URL}/`;

/** A client a flow can start for; `fbId` when it brings its own Facebook app. */
interface TestClient {
  id: string;
  redirectUri: string;
  fbId?: string;
}

describe('the client rule: asked once per flow, one answer everywhere (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let dataDir: string;
  let fb: FacebookServer;
  let owner: Caller;
  const web: TestClient = {id: 'web', redirectUri: WEB_REDIRECT};

  before(async () => {
    fb = await givenFacebookServer({
      apps: {
        'fb-global': 'fb-global-secret',
        'fb-a': 'fb-a-secret',
        'fb-b': 'fb-b-secret',
      },
    });
    dataDir = givenDataDir();
    ({app, client} = await givenRunningApp({
      DATA_DIR: dataDir,
      BASE_URL,
      PROVIDERS_FILE: givenProvidersFile({
        'facebook-login': {
          provider: 'facebook',
          clientID: 'fb-global',
          clientSecret: 'fb-global-secret',
          tokenExchange: true,
          ...fb.entryOptions(),
        },
      }),
    }));
    owner = await givenCaller(app);
  });
  afterEach(() => sinon.restore());
  after(async () => {
    await app.stop();
    await fb.stop();
    removeDataDir(dataDir);
  });

  /** A registered public application with its own Facebook app `fbId`. */
  async function givenTenant(fbId = 'fb-a'): Promise<TestClient> {
    const redirectUri = `https://${randomUUID()}.example.com/callback`;
    const {id} = await givenRegisteredApplication(client, owner, {
      redirectUris: [redirectUri],
    });
    await useFacebookApp(id, fbId);
    return {id, redirectUri, fbId};
  }

  function useFacebookApp(applicationId: string, fbId: string) {
    return client
      .put(`/applications/${applicationId}/credentials/facebook-login`)
      .set('Authorization', owner.auth)
      .send({clientID: fbId, clientSecret: `${fbId}-secret`})
      .expect(200);
  }

  function disable(applicationId: string) {
    return client
      .patch(`/applications/${applicationId}`)
      .set('Authorization', owner.auth)
      .send({disabled: true})
      .expect(200);
  }

  function flowQuery(c: TestClient, challenge: string) {
    return {
      client_id: c.id,
      redirect_uri: c.redirectUri,
      state: 'st',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
  }

  /** `GET /auth/facebook-login` for `c`: the provider URL and the verifier. */
  async function start(c: TestClient) {
    const pkce = givenPkce();
    const res = await client
      .get('/auth/facebook-login')
      .query({...flowQuery(c, pkce.challenge), response_mode: 'json'})
      .expect(200);
    return {url: String(res.body.url), verifier: pkce.verifier};
  }

  /** The provider approves; the callback's redirect to the client. */
  async function callback(providerUrl: string): Promise<URL> {
    const back = new URL(await approveAt(providerUrl));
    const res = await client.get(back.pathname + back.search).expect(302);
    return new URL(String(res.headers.location));
  }

  function exchange(c: TestClient, landed: URL, verifier: string) {
    return postForm(client, '/auth/token', {
      grant_type: 'authorization_code',
      code: landed.searchParams.get('code') ?? '',
      redirect_uri: c.redirectUri,
      code_verifier: verifier,
      client_id: c.id,
    });
  }

  for (const which of ['web', 'an application with its own credentials']) {
    it(`reads the client once at the start and once at the code exchange (${which})`, async () => {
      const c = which === 'web' ? web : await givenTenant();
      fb.signInAs({id: randomUUID(), name: 'Rita Reads'});
      const applications = givenReadCounter(ApplicationRepository);
      const credentials = givenReadCounter(ApplicationCredentialRepository);
      const reads = () => [applications.reads, credentials.reads];

      const flow = await start(c);
      const atStart = reads();
      const landed = await callback(flow.url);
      const atCallback = reads();
      const tokens = await exchange(c, landed, flow.verifier).expect(200);
      const atExchange = reads();

      expect(tokens.body.access_token).to.be.a.String();
      // [Application reads, ApplicationCredential reads], cumulative. Before
      // the client rule: [2, 1], [3, 2], [5, 2].
      expect({atStart, atCallback, atExchange}).to.eql({
        atStart: [1, 1],
        atCallback: [1, 1],
        atExchange: [2, 1],
      });
      if (c.fbId) expect(fb.seen.authorizeClientIds.at(-1)).to.equal(c.fbId);
    });
  }

  it('finishes a flow with the credentials its start found, even if they change meanwhile', async () => {
    const tenant = await givenTenant('fb-a');
    fb.signInAs({id: randomUUID(), name: 'Mid Flow'});
    const flow = await start(tenant);
    await useFacebookApp(tenant.id, 'fb-b');
    const before = fb.seen.tokenClients.length;
    const landed = await callback(flow.url);
    // The provider issued its code to fb-a: only fb-a can redeem it.
    expect(fb.seen.tokenClients.slice(before)).to.eql([
      {clientId: 'fb-a', clientSecret: 'fb-a-secret'},
    ]);
    expect(landed.searchParams.get('code')).to.be.a.String();
    await exchange(tenant, landed, flow.verifier).expect(200);
  });

  it('gives no tokens to an application disabled during the flow: the code exchange refuses it', async () => {
    const tenant = await givenTenant();
    fb.signInAs({id: randomUUID(), name: 'Too Late'});
    const flow = await start(tenant);
    await disable(tenant.id);
    const landed = await callback(flow.url);
    const res = await exchange(tenant, landed, flow.verifier).expect(401);
    expect(res.body.error).to.equal('invalid_client');
  });

  for (const which of ['unknown', 'disabled']) {
    it(`refuses ${which === 'unknown' ? 'an unknown' : 'a disabled'} client with one answer per contract on every flow`, async () => {
      const id = which === 'unknown' ? randomUUID() : (await givenTenant()).id;
      if (which === 'disabled') await disable(id);
      const c = {id, redirectUri: 'https://app.example.com/callback'};
      const challenge = givenPkce().challenge;
      const user = await givenCaller(app);

      const login = await client
        .get('/auth/facebook-login')
        .query({...flowQuery(c, challenge), response_mode: 'json'});
      const link = await client
        .post('/link/facebook-login')
        .set('Authorization', user.auth)
        .send(flowQuery(c, challenge));
      const native = await client
        .post('/auth/facebook-login/token')
        .send({access_token: 'any', client_id: id});
      const token = await exchange(c, new URL('https://x/?code=c'), 'v');
      const password = await client
        .post('/auth/login')
        .send({login: 'x@example.com', password: 'y', client_id: id});

      const answers = [login, link, native].map(r => [
        r.status,
        r.body.error.code,
      ]);
      expect(answers).to.eql([
        [400, 'INVALID_CLIENT'],
        [400, 'INVALID_CLIENT'],
        [400, 'INVALID_CLIENT'],
      ]);
      expect([token.status, token.body.error]).to.eql([401, 'invalid_client']);
      // POST /auth/login's contract words it INVALID_REQUEST.
      expect([password.status, password.body.error.code]).to.eql([
        400,
        'INVALID_REQUEST',
      ]);
    });
  }
});
