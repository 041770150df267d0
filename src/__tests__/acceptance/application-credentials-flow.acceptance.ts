import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
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

const BASE_URL = 'http://localhost:3000';

interface TenantApp {
  id: string;
  redirectUri: string;
  fbId: string;
  fbSecret: string;
}

describe('Per-application provider credentials, end to end (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let dataDir: string;
  let fb: FacebookServer;
  let owner: Caller;
  let appA: TenantApp;
  let appB: TenantApp;

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
          ...fb.entryOptions(),
        },
      }),
    }));
    owner = await givenCaller(app);
    appA = await givenTenant('a');
    appB = await givenTenant('b');
  });
  after(async () => {
    await app.stop();
    await fb.stop();
    removeDataDir(dataDir);
  });

  /** An application with its own Facebook app `fb-<label>`. */
  async function givenTenant(label: string): Promise<TenantApp> {
    const redirectUri = `https://${label}.example.com/callback`;
    const {id} = await givenRegisteredApplication(client, owner, {
      redirectUris: [redirectUri],
    });
    const tenant = {
      id,
      redirectUri,
      fbId: `fb-${label}`,
      fbSecret: `fb-${label}-secret`,
    };
    await client
      .put(`/applications/${id}/credentials/facebook-login`)
      .set('Authorization', owner.auth)
      .send({clientID: tenant.fbId, clientSecret: tenant.fbSecret})
      .expect(200);
    return tenant;
  }

  /** Starts a login for `clientId`; the provider URL, or the error response. */
  function start(clientId: string, redirectUri: string, challenge: string) {
    return client.get('/auth/facebook-login').query({
      client_id: clientId,
      redirect_uri: redirectUri,
      state: `st-${clientId}`,
      code_challenge: challenge,
      code_challenge_method: 'S256',
      response_mode: 'json',
    });
  }

  /** The whole browser round trip; where the browser lands at the end. */
  async function signIn(tenant: TenantApp, verifierOut: {verifier?: string}) {
    const pkce = givenPkce();
    verifierOut.verifier = pkce.verifier;
    const started = await start(
      tenant.id,
      tenant.redirectUri,
      pkce.challenge,
    ).expect(200);
    const callback = new URL(await approveAt(started.body.url));
    expect(callback.origin).to.equal(BASE_URL);
    const done = await client
      .get(callback.pathname + callback.search)
      .expect(302);
    return new URL(String(done.headers.location));
  }

  for (const which of ['A', 'B'] as const) {
    it(`runs application ${which}'s login with its own Facebook app and lands on its own redirect URI`, async () => {
      const tenant = which === 'A' ? appA : appB;
      const before = fb.seen.tokenClients.length;
      const out: {verifier?: string} = {};
      const landed = await signIn(tenant, out);
      expect(`${landed.origin}${landed.pathname}`).to.equal(tenant.redirectUri);
      expect(landed.searchParams.get('state')).to.equal(`st-${tenant.id}`);
      expect(fb.seen.authorizeClientIds.at(-1)).to.equal(tenant.fbId);
      expect(fb.seen.authorizeQueries.at(-1)?.redirect_uri).to.equal(
        `${BASE_URL}/auth/facebook-login/callback`,
      );
      expect(fb.seen.tokenClients.slice(before)).to.eql([
        {clientId: tenant.fbId, clientSecret: tenant.fbSecret},
      ]);
      const tokens = await postForm(client, '/auth/token', {
        grant_type: 'authorization_code',
        code: landed.searchParams.get('code')!,
        redirect_uri: tenant.redirectUri,
        code_verifier: out.verifier!,
        client_id: tenant.id,
      }).expect(200);
      const claims = JSON.parse(
        Buffer.from(
          tokens.body.access_token.split('.')[1],
          'base64url',
        ).toString(),
      );
      expect(claims.aud).to.equal(tenant.id);
    });
  }

  it("refuses another application's redirect URI before any redirect", async () => {
    const res = await start(appA.id, appB.redirectUri, givenPkce().challenge);
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('INVALID_REDIRECT_URI');
  });

  it('falls back to the global entry for an application without its own', async () => {
    const {id} = await givenRegisteredApplication(client, owner, {
      redirectUris: ['https://plain.example.com/cb'],
    });
    const started = await start(
      id,
      'https://plain.example.com/cb',
      givenPkce().challenge,
    ).expect(200);
    expect(new URL(started.body.url).searchParams.get('client_id')).to.equal(
      'fb-global',
    );
  });

  it('uses new credentials as soon as they are replaced', async () => {
    const tenant = await givenTenant('c');
    const first = await start(
      tenant.id,
      tenant.redirectUri,
      givenPkce().challenge,
    ).expect(200);
    expect(new URL(first.body.url).searchParams.get('client_id')).to.equal(
      'fb-c',
    );
    await client
      .put(`/applications/${tenant.id}/credentials/facebook-login`)
      .set('Authorization', owner.auth)
      .send({clientID: 'fb-a', clientSecret: 'fb-a-secret'})
      .expect(200);
    const second = await start(
      tenant.id,
      tenant.redirectUri,
      givenPkce().challenge,
    ).expect(200);
    expect(new URL(second.body.url).searchParams.get('client_id')).to.equal(
      'fb-a',
    );
  });

  it("refuses a disabled application's logins", async () => {
    const tenant = await givenTenant('d');
    await client
      .patch(`/applications/${tenant.id}`)
      .set('Authorization', owner.auth)
      .send({disabled: true})
      .expect(200);
    const res = await start(
      tenant.id,
      tenant.redirectUri,
      givenPkce().challenge,
    );
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('INVALID_CLIENT');
  });
});
