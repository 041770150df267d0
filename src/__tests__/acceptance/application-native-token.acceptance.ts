import {Client, expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {IdentityApplication} from '../../application';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {
  Caller,
  givenCaller,
  givenProvidersFile,
  givenRegisteredApplication,
} from '../fixtures/applications';
import {FacebookServer, givenFacebookServer} from '../fixtures/facebook-server';
import {givenGoogleServer, GoogleServer} from '../fixtures/google-server';

describe('Native token exchange with per-application credentials (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let dataDir: string;
  let facebook: FacebookServer;
  let google: GoogleServer;
  let owner: Caller;
  let tenant: string;

  before(async () => {
    facebook = await givenFacebookServer({
      apps: {'fb-global': 'fb-global-secret', 'fb-own': 'fb-own-secret'},
    });
    google = await givenGoogleServer({
      clients: {'google-global': 'g-secret', 'google-own': 'g-own-secret'},
    });
    dataDir = givenDataDir();
    ({app, client} = await givenRunningApp({
      DATA_DIR: dataDir,
      PROVIDERS_FILE: givenProvidersFile({
        'facebook-login': {
          provider: 'facebook',
          clientID: 'fb-global',
          clientSecret: 'fb-global-secret',
          tokenExchange: true,
          ...facebook.entryOptions(),
        },
        'google-login': {
          provider: 'google',
          clientID: 'google-global',
          clientSecret: 'g-secret',
          jwksURL: google.jwksUrl,
          idTokenIssuer: google.url,
          tokenExchange: true,
          ...google.entryOptions(),
        },
      }),
    }));
    owner = await givenCaller(app);
    ({id: tenant} = await givenRegisteredApplication(client, owner, {
      redirectUris: ['com.example.native:/callback'],
    }));
    for (const [provider, clientID, clientSecret] of [
      ['facebook-login', 'fb-own', 'fb-own-secret'],
      ['google-login', 'google-own', 'g-own-secret'],
    ]) {
      await client
        .put(`/applications/${tenant}/credentials/${provider}`)
        .set('Authorization', owner.auth)
        .send({clientID, clientSecret})
        .expect(200);
    }
  });
  after(async () => {
    await app.stop();
    await Promise.all([facebook.stop(), google.stop()]);
    removeDataDir(dataDir);
  });

  function givenGoogleUser() {
    return {
      sub: randomUUID(),
      email: `n-${randomUUID().slice(0, 8)}@example.com`,
      email_verified: true,
      name: 'Nat Ive',
    };
  }

  function audienceOf(accessToken: string): string {
    const payload = accessToken.split('.')[1]!;
    return JSON.parse(Buffer.from(payload, 'base64url').toString()).aud;
  }

  it("accepts an ID token whose audience is the application's own client id", async () => {
    const idToken = await google.signIdToken(givenGoogleUser(), {
      aud: 'google-own',
    });
    const res = await client
      .post('/auth/google-login/token')
      .send({id_token: idToken, client_id: tenant})
      .expect(200);
    expect(audienceOf(res.body.access_token)).to.equal(tenant);
  });

  it('refuses an ID token issued to the global client id for that application', async () => {
    const idToken = await google.signIdToken(givenGoogleUser(), {
      aud: 'google-global',
    });
    const res = await client
      .post('/auth/google-login/token')
      .send({id_token: idToken, client_id: tenant});
    expect(res.status).to.equal(401);
    expect(res.body.error.code).to.equal('INVALID_PROVIDER_TOKEN');
  });

  it("refuses the application's ID token for the web client (global entry)", async () => {
    const idToken = await google.signIdToken(givenGoogleUser(), {
      aud: 'google-own',
    });
    const res = await client
      .post('/auth/google-login/token')
      .send({id_token: idToken});
    expect(res.body.error.code).to.equal('INVALID_PROVIDER_TOKEN');
  });

  it("checks a Facebook token against the application's own Facebook app", async () => {
    const user = {id: randomUUID(), name: 'Fab', email: 'fab@example.com'};
    const own = await client
      .post('/auth/facebook-login/token')
      .send({
        access_token: facebook.issueUserToken(user, 'fb-own'),
        client_id: tenant,
      })
      .expect(200);
    expect(audienceOf(own.body.access_token)).to.equal(tenant);
    const other = await client.post('/auth/facebook-login/token').send({
      access_token: facebook.issueUserToken(user, 'fb-global'),
      client_id: tenant,
    });
    expect(other.status).to.equal(401);
    expect(other.body.error.code).to.equal('INVALID_PROVIDER_TOKEN');
  });
});
