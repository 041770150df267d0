import {Client, expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {ManualClock} from '../fixtures/manual-clock';
import {withoutRequestLimits} from '../../services/abuse/rate-limit-settings';
import {codeOf, givenSignedUpUser} from '../fixtures/accounts';
import {givenRunningApp, RunningApp} from '../fixtures/app';
import {givenFacebookServer, FacebookServer} from '../fixtures/facebook-server';
import {givenGoogleServer, GoogleServer} from '../fixtures/google-server';
import {givenForgedIdToken} from '../fixtures/native-tokens';
import {givenOidcServer, OidcServer} from '../fixtures/oidc-server';
import {callWithToken} from '../fixtures/oauth';

describe('POST /auth/{name}/token: native apps (acceptance)', () => {
  let facebook: FacebookServer;
  let google: GoogleServer;
  let oidc: OidcServer;
  let running: RunningApp;
  let client: Client;

  before(async () => {
    facebook = await givenFacebookServer();
    google = await givenGoogleServer();
    oidc = await givenOidcServer({redirectUri: 'http://localhost:3000/cb'});
    running = await givenRunningApp(
      {PROVIDERS_FILE: givenProvidersFile(facebook, google, oidc)},
      {clock: new ManualClock(Date.now()), rateLimits: withoutRequestLimits()},
    );
    client = running.client;
  });
  after(async () => {
    await running?.app.stop();
    await Promise.all([facebook?.stop(), google?.stop(), oidc?.stop()]);
  });

  /** A Google account no other test uses. */
  function givenGoogleUser(label = 'gail') {
    return {
      sub: randomUUID(),
      email: `${label}-${randomUUID().slice(0, 8)}@Example.com`,
      email_verified: true,
      name: 'Gail Oogle',
    };
  }

  async function me(accessToken: string) {
    const res = await client
      .get('/users/me')
      .set('Authorization', `Bearer ${accessToken}`)
      .expect(200);
    return res.body;
  }

  it('signs a Facebook user up with the real email, then finds them again', async () => {
    const fay = {id: randomUUID(), name: 'Fay Book', email: givenMail('Fay')};
    const first = await client
      .post('/auth/facebook-login/token')
      .send({access_token: facebook.issueUserToken(fay, 'fb-app')})
      .expect(200);
    expect(first.headers['cache-control']).to.equal('no-store');
    expect(first.body).to.containDeep({token_type: 'Bearer'});
    expect(first.body.refresh_token).to.be.a.String();
    expect(await me(first.body.access_token)).to.containDeep({
      id: first.body.user_id,
      email: fay.email.toLowerCase(),
      emailVerified: true,
    });

    const second = await client
      .post('/auth/facebook-login/token')
      .send({access_token: facebook.issueUserToken(fay, 'fb-app')})
      .expect(200);
    expect(second.body.user_id).to.equal(first.body.user_id);
    const sessions = await callWithToken(client, second.body.access_token);
    expect(sessions.body).to.containDeep([
      {authMethod: 'facebook-login', applicationId: 'web'},
    ]);
  });

  it('signs a Google user up from an ID token (form-encoded too)', async () => {
    const gail = givenGoogleUser();
    const idToken = await google.signIdToken(gail, {
      aud: 'google-app',
      nonce: 'n-1',
    });
    const first = await client
      .post('/auth/google-login/token')
      .send({id_token: idToken, nonce: 'n-1', client_id: 'web'})
      .expect(200);
    expect(await me(first.body.access_token)).to.containDeep({
      email: gail.email.toLowerCase(),
      emailVerified: true,
    });
    const again = await client
      .post('/auth/google-login/token')
      .type('form')
      .send(
        new URLSearchParams({
          id_token: await google.signIdToken(gail, {aud: 'google-app'}),
        }).toString(),
      )
      .expect(200);
    expect(again.body.user_id).to.equal(first.body.user_id);
  });

  it('signs an OpenID Connect user up, then finds them again', async () => {
    const first = await client
      .post('/auth/oidc-login/token')
      .send({id_token: await oidc.signIdToken({nonce: 'o-1'}), nonce: 'o-1'})
      .expect(200);
    expect(await me(first.body.access_token)).to.containDeep({
      email: 'olive@example.com',
      emailVerified: true,
    });
    const second = await client
      .post('/auth/oidc-login/token')
      .send({id_token: await oidc.signIdToken()})
      .expect(200);
    expect(second.body.user_id).to.equal(first.body.user_id);
  });

  describe('refuses with INVALID_PROVIDER_TOKEN', () => {
    it('a Google token signed by another key', async () => {
      const forged = await givenForgedIdToken({
        iss: google.url,
        aud: 'google-app',
        sub: randomUUID(),
        kid: 'k1',
      });
      await expectRefused({id_token: forged}, 'google-login');
    });

    it('a token issued to another client', async () => {
      const idToken = await google.signIdToken(givenGoogleUser(), {
        aud: 'someone-elses-app',
      });
      await expectRefused({id_token: idToken}, 'google-login');
      await expectRefused(
        {id_token: await oidc.signIdToken({aud: 'other-client'})},
        'oidc-login',
      );
    });

    it('an expired token', async () => {
      const idToken = await google.signIdToken(givenGoogleUser(), {
        aud: 'google-app',
        expiresIn: -600,
      });
      await expectRefused({id_token: idToken}, 'google-login');
      await expectRefused(
        {id_token: await oidc.signIdToken({expiresIn: -600})},
        'oidc-login',
      );
    });

    it('a wrong nonce', async () => {
      const idToken = await google.signIdToken(givenGoogleUser(), {
        aud: 'google-app',
        nonce: 'sent-to-sdk',
      });
      await expectRefused({id_token: idToken, nonce: 'other'}, 'google-login');
    });

    it("a Facebook token of another app, and one Facebook doesn't know", async () => {
      const fay = {id: randomUUID(), email: givenMail('fay')};
      await expectRefused(
        {access_token: facebook.issueUserToken(fay, 'other-app')},
        'facebook-login',
      );
      await expectRefused({access_token: 'not-a-token'}, 'facebook-login');
    });

    async function expectRefused(body: object, entry: string) {
      const res = await client.post(`/auth/${entry}/token`).send(body);
      expect(res.status).to.equal(401);
      expect(codeOf(res)).to.equal('INVALID_PROVIDER_TOKEN');
      for (const value of Object.values(body)) {
        expect(res.text).to.not.containEql(value);
      }
    }
  });

  it('creates no account over an existing email (ACCOUNT_EXISTS)', async () => {
    const local = await givenSignedUpUser(client);
    const idToken = await google.signIdToken(
      {...givenGoogleUser(), email: local.email},
      {aud: 'google-app'},
    );
    const res = await client
      .post('/auth/google-login/token')
      .send({id_token: idToken})
      .expect(409);
    expect(codeOf(res)).to.equal('ACCOUNT_EXISTS');
  });

  it('refuses an entry without tokenExchange, and an unknown entry', async () => {
    const idToken = await google.signIdToken(givenGoogleUser(), {
      aud: 'google-app',
    });
    const off = await client
      .post('/auth/google-web/token')
      .send({id_token: idToken})
      .expect(400);
    expect(codeOf(off)).to.equal('TOKEN_EXCHANGE_NOT_ENABLED');
    const unknown = await client
      .post('/auth/nobody/token')
      .send({id_token: idToken})
      .expect(404);
    expect(codeOf(unknown)).to.equal('NOT_FOUND');
  });

  it('refuses an unknown client, a missing token and unknown fields', async () => {
    const idToken = await google.signIdToken(givenGoogleUser(), {
      aud: 'google-app',
    });
    const badClient = await client
      .post('/auth/google-login/token')
      .send({id_token: idToken, client_id: 'no-such-app'})
      .expect(400);
    expect(codeOf(badClient)).to.equal('INVALID_CLIENT');
    const missing = await client
      .post('/auth/google-login/token')
      .send({})
      .expect(400);
    expect(codeOf(missing)).to.equal('INVALID_REQUEST');
    await client
      .post('/auth/google-login/token')
      .send({id_token: idToken, roles: ['admin']})
      .expect(422);
  });
});

describe('POST /auth/{name}/token rate limit (acceptance)', () => {
  it('limits exchanges per IP like sign-ins, with Retry-After', async () => {
    const facebook = await givenFacebookServer();
    const running = await givenRunningApp(
      {PROVIDERS_FILE: givenProvidersFile(facebook)},
      {rateLimits: {perIp: {login: {points: 2, durationSec: 60}}}},
    );
    try {
      for (let i = 0; i < 2; i++) {
        await running.client
          .post('/auth/facebook-login/token')
          .send({access_token: 'not-a-token'})
          .expect(401);
      }
      const limited = await running.client
        .post('/auth/facebook-login/token')
        .send({access_token: 'not-a-token'})
        .expect(429);
      expect(codeOf(limited)).to.equal('RATE_LIMITED');
      expect(limited.headers['retry-after']).to.match(/^\d+$/);
    } finally {
      await running.app.stop();
      await facebook.stop();
    }
  });
});

function givenMail(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}@Example.com`;
}

function givenProvidersFile(
  facebook: FacebookServer,
  google?: GoogleServer,
  oidc?: OidcServer,
): string {
  const entries: Record<string, object> = {
    'facebook-login': {
      provider: 'facebook',
      clientID: 'fb-app',
      clientSecret: 'fb-secret',
      tokenExchange: true,
      ...facebook.entryOptions(),
    },
  };
  if (google) {
    const googleEntry = {
      provider: 'google',
      clientID: 'google-app',
      clientSecret: 'google-secret',
      jwksURL: google.jwksUrl,
      idTokenIssuer: google.url,
      ...google.entryOptions(),
    };
    entries['google-login'] = {...googleEntry, tokenExchange: true};
    entries['google-web'] = googleEntry;
  }
  if (oidc) {
    entries['oidc-login'] = {
      provider: 'oidc',
      module: 'openid-client',
      issuer: oidc.issuer,
      clientID: oidc.clientId,
      clientSecret: oidc.clientSecret,
      tokenExchange: true,
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'native-providers-'));
  const file = path.join(dir, 'providers.json');
  fs.writeFileSync(file, JSON.stringify(entries));
  return file;
}
