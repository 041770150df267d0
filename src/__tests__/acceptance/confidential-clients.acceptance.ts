import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {SessionRepository} from '../../repositories';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {
  Caller,
  givenCaller,
  givenRegisteredApplication,
} from '../fixtures/applications';
import {callWithToken, givenPkce, postForm} from '../fixtures/oauth';

const REDIRECT_URI = 'https://server.example.com/callback';

/** RFC 6749 §2.3.1: each part form-urlencoded before base64. */
function basicClient(id: string, secret: string): string {
  const encode = (v: string) => encodeURIComponent(v).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}

describe('Confidential clients at the OAuth endpoints (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let dataDir: string;
  let owner: Caller;
  let confidential: {id: string; clientSecret: string};

  before(async () => {
    dataDir = givenDataDir();
    ({app, client} = await givenRunningApp({DATA_DIR: dataDir}));
  });
  beforeEach(async () => {
    owner = await givenCaller(app);
    const created = await givenRegisteredApplication(client, owner, {
      type: 'confidential',
      redirectUris: [REDIRECT_URI],
    });
    confidential = {id: created.id, clientSecret: created.clientSecret!};
  });
  after(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  /** A one-time code for `owner`, as a finished provider login issues it. */
  async function givenCode(clientId = confidential.id) {
    const codes = await app.get(IdentityBindings.AUTHORIZATION_CODE_SERVICE);
    const pkce = givenPkce();
    const code = await codes.issue({
      userId: owner.id,
      clientId,
      redirectUri: REDIRECT_URI,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      authMethod: 'facebook-login',
    });
    return {code, verifier: pkce.verifier};
  }

  /** Trades a fresh code at /auth/token, expecting `status`. */
  async function exchange(
    auth: {basic?: string; secret?: string; clientId?: string},
    status: number,
    clientId = confidential.id,
  ) {
    const {code, verifier} = await givenCode(clientId);
    const form: Record<string, string> = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    };
    if (auth.clientId) form.client_id = auth.clientId;
    if (auth.secret !== undefined) form.client_secret = auth.secret;
    const req = postForm(client, '/auth/token', form);
    return (auth.basic ? req.set('Authorization', auth.basic) : req).expect(
      status,
    );
  }

  it('accepts client_secret_basic, and the token names the application as aud', async () => {
    const res = await exchange(
      {
        basic: basicClient(confidential.id, confidential.clientSecret),
      },
      200,
    );
    const claims = JSON.parse(
      Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString(),
    );
    expect(claims.aud).to.equal(confidential.id);
    const sessions = await app.getRepository(SessionRepository);
    const sessionId = res.body.refresh_token.split('.')[0];
    const session = await sessions.findById(sessionId);
    expect(session.applicationId).to.equal(confidential.id);
    expect(session.authMethod).to.equal('facebook-login');
    // A third-party application's token: it may read the profile.
    await client
      .get('/users/me')
      .set('Authorization', `Bearer ${res.body.access_token}`)
      .expect(200);
  });

  it('accepts client_secret_post', async () => {
    await exchange(
      {
        clientId: confidential.id,
        secret: confidential.clientSecret,
      },
      200,
    );
  });

  it('refuses a wrong secret with invalid_client and a Basic challenge', async () => {
    const basic = await exchange(
      {
        basic: basicClient(confidential.id, 'wrong'),
      },
      401,
    );
    expect(basic.body.error).to.equal('invalid_client');
    expect(basic.headers['www-authenticate']).to.match(/^Basic realm="/);
    const post = await exchange(
      {
        clientId: confidential.id,
        secret: 'wrong',
      },
      401,
    );
    expect(post.body.error).to.equal('invalid_client');
    expect(post.headers['www-authenticate']).to.be.undefined();
  });

  it('refuses a confidential client that sends no secret', async () => {
    const res = await exchange({clientId: confidential.id}, 401);
    expect(res.body.error).to.equal('invalid_client');
  });

  it('refuses a public client that sends a secret', async () => {
    const res = await exchange(
      {clientId: 'web', secret: 'anything'},
      401,
      'web',
    );
    expect(res.body.error).to.equal('invalid_client');
  });

  it('stops accepting the old secret at once after rotation, both ways', async () => {
    const rotated = await client
      .post(`/applications/${confidential.id}/secret`)
      .set('Authorization', owner.auth)
      .expect(200);
    expect(rotated.headers['cache-control']).to.equal('no-store');
    const fresh: string = rotated.body.clientSecret;
    expect(fresh).to.not.equal(confidential.clientSecret);
    const old = confidential.clientSecret;
    await exchange({basic: basicClient(confidential.id, old)}, 401);
    await exchange({clientId: confidential.id, secret: old}, 401);
    await exchange({basic: basicClient(confidential.id, fresh)}, 200);
    await exchange({clientId: confidential.id, secret: fresh}, 200);
  });

  it('authenticates at /auth/introspect and /auth/revoke', async () => {
    const tokens = await exchange(
      {
        basic: basicClient(confidential.id, confidential.clientSecret),
      },
      200,
    );
    const auth = basicClient(confidential.id, confidential.clientSecret);
    const active = await postForm(client, '/auth/introspect', {
      token: tokens.body.access_token,
    })
      .set('Authorization', auth)
      .expect(200);
    expect(active.body).to.containDeep({
      active: true,
      aud: confidential.id,
      client_id: confidential.id,
    });
    const wrong = await postForm(client, '/auth/introspect', {
      token: tokens.body.access_token,
    }).set('Authorization', basicClient(confidential.id, 'nope'));
    expect(wrong.status).to.equal(401);
    expect(wrong.body.error).to.equal('invalid_client');
    await postForm(client, '/auth/revoke', {
      token: tokens.body.refresh_token,
      client_id: confidential.id,
      client_secret: confidential.clientSecret,
    }).expect(200);
    await callWithToken(client, tokens.body.access_token).expect(401);
  });

  it('needs the secret to refresh a confidential client’s token', async () => {
    const tokens = await exchange(
      {
        basic: basicClient(confidential.id, confidential.clientSecret),
      },
      200,
    );
    const bare = await postForm(client, '/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token,
    }).expect(401);
    expect(bare.body.error).to.equal('invalid_client');
    await postForm(client, '/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token,
    })
      .set(
        'Authorization',
        basicClient(confidential.id, confidential.clientSecret),
      )
      .expect(200);
  });

  it('disabling the application revokes its sessions and refuses the client at once', async () => {
    const tokens = await exchange(
      {
        basic: basicClient(confidential.id, confidential.clientSecret),
      },
      200,
    );
    const pending = await givenCode();
    await client
      .patch(`/applications/${confidential.id}`)
      .set('Authorization', owner.auth)
      .send({disabled: true})
      .expect(200);
    const refused = await callWithToken(client, tokens.body.access_token);
    expect(refused.status).to.equal(401);
    expect(refused.body.error.code).to.equal('INVALID_TOKEN');
    const refresh = await postForm(client, '/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.body.refresh_token,
      client_id: confidential.id,
      client_secret: confidential.clientSecret,
    });
    expect(refresh.status).to.equal(401);
    expect(refresh.body.error).to.equal('invalid_client');
    const code = await postForm(client, '/auth/token', {
      grant_type: 'authorization_code',
      code: pending.code,
      redirect_uri: REDIRECT_URI,
      code_verifier: pending.verifier,
      client_id: confidential.id,
      client_secret: confidential.clientSecret,
    });
    expect(code.body.error).to.equal('invalid_client');
    const login = await client.post('/auth/login').send({
      login: 'x@example.com',
      password: 'y',
      client_id: confidential.id,
    });
    expect(login.body.error.code).to.equal('INVALID_REQUEST');
  });

  it('deleting the application revokes its sessions', async () => {
    const tokens = await exchange(
      {
        basic: basicClient(confidential.id, confidential.clientSecret),
      },
      200,
    );
    await client
      .delete(`/applications/${confidential.id}`)
      .set('Authorization', owner.auth)
      .expect(204);
    await callWithToken(client, tokens.body.access_token).expect(401);
    const res = await exchange(
      {
        basic: basicClient(confidential.id, confidential.clientSecret),
      },
      401,
    );
    expect(res.body.error).to.equal('invalid_client');
  });
});
