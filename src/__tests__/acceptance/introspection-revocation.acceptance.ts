import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {
  callWithToken,
  givenApplication,
  givenConfidentialApplication,
  givenSession,
  givenUser,
  postForm,
} from '../fixtures/oauth';

type Server = {id: string; basic: string};

describe('POST /auth/introspect and /auth/revoke (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let dataDir: string;
  let userId: string;
  // Only confidential clients introspect (issue 11): a server's own tokens.
  let server: Server;

  before(async () => {
    dataDir = givenDataDir();
    ({app, client} = await givenRunningApp({DATA_DIR: dataDir}));
  });
  beforeEach(async () => {
    userId = (await givenUser(app)).id;
    server = await givenConfidentialApplication(app);
  });
  after(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  function introspect(token: string, as: Server = server) {
    return postForm(client, '/auth/introspect', {token})
      .set('Authorization', as.basic)
      .expect(200);
  }

  function revoke(form: Record<string, string>, as?: Server) {
    const req = postForm(client, '/auth/revoke', {
      ...(as ? {} : {client_id: 'web'}),
      ...form,
    });
    return as ? req.set('Authorization', as.basic) : req;
  }

  it('describes a live access token', async () => {
    const tokens = await givenSession(app, userId, server.id);
    const res = await introspect(tokens.access_token);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.body).to.containDeep({
      active: true,
      sub: userId,
      aud: server.id,
      client_id: server.id,
      iss: 'http://localhost:3000',
      token_type: 'Bearer',
    });
    expect(res.body).to.have.properties('exp', 'iat', 'jti', 'sid');
  });

  it('describes a live refresh token', async () => {
    const tokens = await givenSession(app, userId, server.id);
    const res = await introspect(tokens.refresh_token);
    expect(res.body).to.containDeep({
      active: true,
      sub: userId,
      client_id: server.id,
      token_type: 'refresh_token',
    });
  });

  it('answers {active: false} for junk, another client’s and revoked tokens', async () => {
    expect((await introspect('junk')).body).to.eql({active: false});
    const other = await givenConfidentialApplication(app);
    const tokens = await givenSession(app, userId, server.id);
    expect((await introspect(tokens.access_token, other)).body).to.eql({
      active: false,
    });
    await revoke({token: tokens.refresh_token}, server).expect(200);
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
    const tokens = await givenSession(app, userId, server.id);
    await revoke({token: tokens.access_token}, server).expect(200);
    await callWithToken(client, tokens.access_token).expect(401);
    expect((await introspect(tokens.refresh_token)).body.active).to.be.false();
  });

  // Issue 11 (RFC 7009 §2.1): another client's live token is refused, no
  // longer answered 200 as if revoked; an invalid token still answers 200.
  it('answers 200 for unknown tokens and refuses other clients’ tokens', async () => {
    await revoke({token: 'never-issued'}).expect(200);
    const other = await givenApplication(app);
    const tokens = await givenSession(app, userId);
    const res = await revoke({
      token: tokens.access_token,
      client_id: other.id,
    }).expect(400);
    expect(res.body.error).to.equal('unauthorized_client');
    await callWithToken(client, tokens.access_token).expect(200);
  });

  // Issue 11 (RFC 6749 §3.2): unknown parameters are ignored, no longer refused.
  it('ignores unknown properties', async () => {
    await client
      .post('/auth/revoke')
      .send({token: 'x', client_id: 'web', everything: true})
      .expect(200);
  });
});
