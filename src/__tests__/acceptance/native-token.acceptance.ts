import {Client, expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {codeOf, givenSignedUpUser} from '../fixtures/accounts';
import {givenRunningApp} from '../fixtures/app';
import {FacebookServer, givenFacebookServer} from '../fixtures/facebook-server';
import {GoogleServer} from '../fixtures/google-server';
import {
  givenGoogleUser,
  givenMail,
  givenNativeProvidersFile,
  givenNativeTokenScene,
} from '../fixtures/native-token-app';
import {callWithToken} from '../fixtures/oauth';
import {OidcServer} from '../fixtures/oidc-server';

describe('POST /auth/{name}/token: native apps (acceptance)', () => {
  const scene = givenNativeTokenScene();
  let facebook: FacebookServer;
  let google: GoogleServer;
  let oidc: OidcServer;
  let client: Client;
  before(() => ({facebook, google, oidc, client} = scene));

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
      {PROVIDERS_FILE: givenNativeProvidersFile(facebook)},
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
