import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {ApplicationRepository} from '../../repositories';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {
  givenApplication,
  givenConfidentialApplication,
  givenPkce,
  givenSession,
  givenUser,
  postForm,
} from '../fixtures/oauth';

// What every request to the OAuth endpoints meets before its grant: unknown
// parameters are ignored (RFC 6749 §3.2) but still checked for control
// characters, and each application uses only the grants it registered.
describe('OAuth endpoints: parameters and registered grants (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let dataDir: string;
  let userId: string;

  before(async () => {
    dataDir = givenDataDir();
    ({app, client} = await givenRunningApp({DATA_DIR: dataDir}));
  });
  beforeEach(async () => {
    userId = (await givenUser(app)).id;
  });
  after(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  function refreshForm(token: string, extra: Record<string, string> = {}) {
    return postForm(client, '/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: token,
      ...extra,
    });
  }

  it('ignores parameters it does not know, form-encoded or JSON, on the three endpoints', async () => {
    const first = await givenSession(app, userId);
    const second = await refreshForm(first.refresh_token, {
      client_id: 'web',
      state: 'abc',
      unknown_parameter: 'x',
    }).expect(200);
    await client
      .post('/auth/token')
      .send({
        grant_type: 'refresh_token',
        refresh_token: second.body.refresh_token,
        nested: {deep: [1, {a: null}]},
        flag: true,
        constructor: 'x',
      })
      .expect(200);
    // Prototype names stay data: no client_id is inherited (that would be
    // invalid_client); the answer is on the refresh token itself.
    for (const extra of [
      '__proto__[client_id]=nope',
      '__proto__=nope',
      'constructor[prototype][client_id]=nope',
    ]) {
      const res = await client
        .post('/auth/token')
        .type('form')
        .send(`grant_type=refresh_token&refresh_token=x&${extra}`)
        .expect(400);
      expect(res.body.error).to.equal('invalid_grant');
    }
    await client
      .post('/auth/revoke')
      .send({token: 'x', client_id: 'web', everything: true})
      .expect(200);
    const server = await givenConfidentialApplication(app);
    const answer = await client
      .post('/auth/introspect')
      .set('Authorization', server.basic)
      .send({token: 'junk', extra: {x: 1}})
      .expect(200);
    expect(answer.body).to.eql({active: false});
  });

  it('still refuses a control character in any parameter, known or not', async () => {
    const bodies: object[] = [
      {grant_type: 'refresh_token', refresh_token: 'x', extra: 'a\u0007b'},
      {grant_type: 'refresh_token', refresh_token: 'x', 'ex\u0001tra': 'y'},
      {grant_type: 'refresh_token', refresh_token: 'x', deep: {v: ['\u0000']}},
    ];
    for (const body of bodies) {
      const res = await client.post('/auth/token').send(body).expect(400);
      expect(res.body.error).to.equal('invalid_request');
    }
    const form = await client
      .post('/auth/revoke')
      .type('form')
      .send('token=x&client_id=web&extra=%0D')
      .expect(400);
    expect(form.body.error).to.equal('invalid_request');
  });

  it('refuses a known parameter sent twice or of the wrong type, and grants it does not have', async () => {
    const session = await givenSession(app, userId);
    const twice = await client
      .post('/auth/token')
      .type('form')
      .send(
        `grant_type=refresh_token&refresh_token=${session.refresh_token}&scope=a&scope=b`,
      )
      .expect(400);
    expect(twice.body.error).to.equal('invalid_request');
    const typed = await client
      .post('/auth/token')
      .send({grant_type: 'client_credentials', scope: ['a']})
      .expect(400);
    expect(typed.body.error).to.equal('invalid_request');
    for (const grant of ['constructor', '__proto__', 'password']) {
      const res = await postForm(client, '/auth/token', {
        grant_type: grant,
      }).expect(400);
      expect(res.body.error).to.equal('unsupported_grant_type');
    }
  });

  it('answers a refresh with the session’s scope, and narrows only within it', async () => {
    const plain = await givenSession(app, userId);
    const refreshed = await refreshForm(plain.refresh_token).expect(200);
    expect(refreshed.body).to.not.have.property('scope');
    const widened = await refreshForm(refreshed.body.refresh_token, {
      scope: 'openid',
    }).expect(400);
    expect(widened.body.error).to.equal('invalid_scope');

    const sessions = await app.get(IdentityBindings.SESSION_SERVICE);
    const oidc = await sessions.start(userId, {
      applicationId: 'web',
      authMethod: 'password',
      oidc: {scope: 'openid profile email'},
    });
    const full = await refreshForm(oidc.refresh_token).expect(200);
    expect(full.body.scope).to.equal('openid profile email');
    const narrow = await refreshForm(full.body.refresh_token, {
      scope: 'email openid',
    }).expect(200);
    expect(narrow.body.scope).to.equal('email openid');
  });

  it('holds each application to its registered grant types', async () => {
    const apps = await app.getRepository(ApplicationRepository);
    const codeOnly = await givenApplication(app);
    await apps.updateById(codeOnly.id, {grantTypes: ['authorization_code']});
    const code = await exchange(codeOnly.id, codeOnly.redirectUri);
    expect(code.status).to.equal(200);
    // A refresh token it could not use is not handed out.
    expect(code.body).to.not.have.property('refresh_token');
    const session = await givenSession(app, userId, codeOnly.id);
    const refused = await refreshForm(session.refresh_token, {
      client_id: codeOnly.id,
    }).expect(400);
    expect(refused.body.error).to.equal('unauthorized_client');

    const machine = await givenConfidentialApplication(app, {
      grantTypes: ['client_credentials'],
    });
    const machineCode = await exchange(
      machine.id,
      'https://server.example.com/callback',
      machine.basic,
    );
    expect(machineCode.status).to.equal(400);
    expect(machineCode.body.error).to.equal('unauthorized_client');
    const machineSession = await givenSession(app, userId, machine.id);
    const machineRefresh = await refreshForm(machineSession.refresh_token)
      .set('Authorization', machine.basic)
      .expect(400);
    expect(machineRefresh.body.error).to.equal('unauthorized_client');
  });

  it('never takes an application’s own token for a user’s', async () => {
    const tokens = await app.get(IdentityBindings.TOKEN_SERVICE);
    const server = await givenConfidentialApplication(app);
    const {accessToken} = await tokens.issueClientToken({
      clientId: server.id,
      audience: server.id,
      scope: [],
    });
    expect((await tokens.verifyIssuedToken(accessToken)).sub).to.equal(
      server.id,
    );
    // Every caller that needs a session (token exchange, userinfo) sees
    // no valid token; the service's API names why.
    await expect(tokens.verifyAccessToken(accessToken)).to.be.rejectedWith({
      code: 'INVALID_TOKEN',
    });
    await expect(tokens.verifyOwnApiToken(accessToken)).to.be.rejectedWith({
      code: 'USER_TOKEN_REQUIRED',
    });
  });

  async function exchange(
    clientId: string,
    redirectUri: string,
    basic?: string,
  ) {
    const codes = await app.get(IdentityBindings.AUTHORIZATION_CODE_SERVICE);
    const pkce = givenPkce();
    const code = await codes.issue({
      userId,
      clientId,
      redirectUri,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      authMethod: 'password',
    });
    const req = postForm(client, '/auth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: pkce.verifier,
      ...(basic ? {} : {client_id: clientId}),
    });
    return basic ? req.set('Authorization', basic) : req;
  }
});
