import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {
  callWithToken,
  givenApplication,
  givenSession,
  givenUser,
  postForm,
} from '../fixtures/oauth';

describe('POST /auth/introspect and /auth/revoke (acceptance)', () => {
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

  function introspect(token: string, clientId = 'web') {
    return postForm(client, '/auth/introspect', {
      token,
      client_id: clientId,
    }).expect(200);
  }

  function revoke(form: Record<string, string>) {
    return postForm(client, '/auth/revoke', {client_id: 'web', ...form});
  }

  it('describes a live access token', async () => {
    const tokens = await givenSession(app, userId);
    const res = await introspect(tokens.access_token);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.body).to.containDeep({
      active: true,
      sub: userId,
      aud: 'web',
      client_id: 'web',
      iss: 'http://localhost:3000',
      token_type: 'Bearer',
    });
    expect(res.body).to.have.properties('exp', 'iat', 'jti', 'sid');
  });

  it('describes a live refresh token', async () => {
    const tokens = await givenSession(app, userId);
    const res = await introspect(tokens.refresh_token);
    expect(res.body).to.containDeep({
      active: true,
      sub: userId,
      client_id: 'web',
      token_type: 'refresh_token',
    });
  });

  it('answers {active: false} for junk, another client’s and revoked tokens', async () => {
    expect((await introspect('junk')).body).to.eql({active: false});
    const other = await givenApplication(app);
    const tokens = await givenSession(app, userId);
    expect((await introspect(tokens.access_token, other.id)).body).to.eql({
      active: false,
    });
    await revoke({token: tokens.refresh_token}).expect(200);
    expect((await introspect(tokens.access_token)).body).to.eql({
      active: false,
    });
    expect((await introspect(tokens.refresh_token)).body).to.eql({
      active: false,
    });
  });

  it('requires the client to identify', async () => {
    const res = await postForm(client, '/auth/introspect', {
      token: 'x',
    }).expect(401);
    expect(res.body.error).to.equal('invalid_client');
  });

  it('revoking a refresh token makes its access token fail at once', async () => {
    const tokens = await givenSession(app, userId);
    await callWithToken(client, tokens.access_token).expect(200);
    const res = await revoke({
      token: tokens.refresh_token,
      token_type_hint: 'refresh_token',
    }).expect(200);
    expect(res.text).to.equal('');
    await callWithToken(client, tokens.access_token).expect(401);
    const refresh = await postForm(client, '/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    }).expect(400);
    expect(refresh.body.error).to.equal('invalid_grant');
  });

  it('revoking an access token revokes its session', async () => {
    const tokens = await givenSession(app, userId);
    await revoke({token: tokens.access_token}).expect(200);
    await callWithToken(client, tokens.access_token).expect(401);
    expect((await introspect(tokens.refresh_token)).body.active).to.be.false();
  });

  it('answers 200 for unknown tokens and ignores other clients’ tokens', async () => {
    await revoke({token: 'never-issued'}).expect(200);
    const other = await givenApplication(app);
    const tokens = await givenSession(app, userId);
    await revoke({token: tokens.access_token, client_id: other.id}).expect(200);
    await callWithToken(client, tokens.access_token).expect(200);
  });

  it('refuses unknown properties with invalid_request', async () => {
    const res = await client
      .post('/auth/revoke')
      .send({token: 'x', client_id: 'web', everything: true})
      .expect(400);
    expect(res.body.error).to.equal('invalid_request');
  });
});
