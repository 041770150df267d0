import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {ManualClock} from '../fixtures/manual-clock';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {
  callWithToken,
  givenApplication,
  givenSession,
  givenUser,
  postForm,
  TestUser,
} from '../fixtures/oauth';

describe('POST /auth/token, grant_type=refresh_token (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let clock: ManualClock;
  let dataDir: string;
  let user: TestUser;

  before(async () => {
    dataDir = givenDataDir();
    clock = new ManualClock();
    ({app, client} = await givenRunningApp({DATA_DIR: dataDir}, {clock}));
  });
  beforeEach(async () => {
    user = await givenUser(app);
  });
  after(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  it('rotates the refresh token (form-encoded) and answers no-store', async () => {
    const first = await givenSession(app, user.id);
    const res = await postForm(client, '/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    }).expect(200);
    expect(res.body).to.containDeep({token_type: 'Bearer', user_id: user.id});
    expect(res.body.refresh_token).to.not.equal(first.refresh_token);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers.pragma).to.equal('no-cache');
    await callWithToken(client, res.body.access_token).expect(200);
  });

  it('accepts JSON and a matching client_id', async () => {
    const first = await givenSession(app, user.id);
    await client
      .post('/auth/token')
      .send({
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token,
        client_id: 'web',
      })
      .expect(200);
  });

  it('revokes the whole session when an old refresh token comes back', async () => {
    const first = await givenSession(app, user.id);
    const second = await refresh(first.refresh_token).expect(200);
    await callWithToken(client, second.body.access_token).expect(200);

    const replay = await refresh(first.refresh_token).expect(400);
    expect(replay.body.error).to.equal('invalid_grant');
    await callWithToken(client, second.body.access_token).expect(401);
    const again = await refresh(second.body.refresh_token).expect(400);
    expect(again.body.error).to.equal('invalid_grant');
  });

  it('refuses a client_id that is not the session’s application', async () => {
    const other = await givenApplication(app);
    const first = await givenSession(app, user.id);
    const res = await refresh(first.refresh_token, {client_id: other.id});
    expect(res.status).to.equal(400);
    expect(res.body.error).to.equal('invalid_grant');
  });

  it('refuses an unknown client_id with invalid_client', async () => {
    const first = await givenSession(app, user.id);
    const res = await refresh(first.refresh_token, {client_id: 'nope'});
    expect(res.status).to.equal(401);
    expect(res.body.error).to.equal('invalid_client');
  });

  it('refuses a confidential client’s refresh token without client authentication', async () => {
    const confidential = await givenApplication(app, 'confidential');
    const first = await givenSession(app, user.id, confidential.id);
    const res = await refresh(first.refresh_token).expect(401);
    expect(res.body.error).to.equal('invalid_client');
  });

  it('expires access tokens after ACCESS_TOKEN_TTL, refresh still works', async () => {
    const first = await givenSession(app, user.id);
    clock.advance(900_000 + 10_000);
    const res = await callWithToken(client, first.access_token).expect(401);
    expect(res.body.error.code).to.equal('INVALID_TOKEN');
    await refresh(first.refresh_token).expect(200);
  });

  it('expires refresh tokens after REFRESH_TOKEN_TTL', async () => {
    const first = await givenSession(app, user.id);
    clock.advance(30 * 24 * 3600_000 + 1000);
    const res = await refresh(first.refresh_token).expect(400);
    expect(res.body).to.eql({
      error: 'invalid_grant',
      error_description: 'The refresh token has expired.',
    });
  });

  it('answers unsupported_grant_type for other grants', async () => {
    const res = await postForm(client, '/auth/token', {
      grant_type: 'password',
    }).expect(400);
    expect(res.body.error).to.equal('unsupported_grant_type');
  });

  it('answers invalid_request for a missing parameter', async () => {
    const noGrant = await postForm(client, '/auth/token', {
      refresh_token: 'x',
    }).expect(400);
    expect(noGrant.body.error).to.equal('invalid_request');
    const noToken = await postForm(client, '/auth/token', {
      grant_type: 'refresh_token',
    }).expect(400);
    expect(noToken.body.error).to.equal('invalid_request');
  });

  // Issue 11 (RFC 6749 §3.2): an unknown property is ignored, no longer
  // refused; the request is answered on what it says (here, a bad token).
  it('ignores unknown properties, refuses where-operator payloads as invalid_request', async () => {
    const unknown = await client
      .post('/auth/token')
      .send({grant_type: 'refresh_token', refresh_token: 'x', admin: true})
      .expect(400);
    expect(unknown.body.error).to.equal('invalid_grant');
    const operator = await client
      .post('/auth/token')
      .send({grant_type: 'refresh_token', refresh_token: {neq: null}})
      .expect(400);
    expect(operator.body.error).to.equal('invalid_request');
    const formOperator = await client
      .post('/auth/token')
      .type('form')
      .send('grant_type=refresh_token&refresh_token[neq]=')
      .expect(400);
    expect(formOperator.body.error).to.equal('invalid_request');
  });

  it('answers invalid_grant for a token it never issued', async () => {
    const res = await refresh('not-a-refresh-token').expect(400);
    expect(res.body.error).to.equal('invalid_grant');
  });

  function refresh(refreshToken: string, extra: Record<string, string> = {}) {
    return postForm(client, '/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      ...extra,
    });
  }
});
