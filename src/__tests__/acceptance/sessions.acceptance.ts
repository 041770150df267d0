import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {AuditEventRepository} from '../../repositories';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {
  callWithToken,
  givenSession,
  givenUser,
  TestUser,
} from '../fixtures/oauth';

describe('Sessions and logout (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let dataDir: string;
  let user: TestUser;

  before(async () => {
    dataDir = givenDataDir();
    ({app, client} = await givenRunningApp({DATA_DIR: dataDir}));
  });
  beforeEach(async () => {
    user = await givenUser(app);
  });
  after(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  function bearer(token: string) {
    return {Authorization: `Bearer ${token}`};
  }

  it('lists own active sessions, marking the current one, without hashes', async () => {
    const mine = await givenSession(app, user.id);
    const other = await givenSession(app, user.id);
    const res = await client
      .get('/sessions')
      .set(bearer(mine.access_token))
      .expect(200);
    expect(res.body).to.have.length(2);
    const current = res.body.filter((s: {current: boolean}) => s.current);
    expect(current).to.have.length(1);
    expect(current[0]).to.containDeep({
      applicationId: 'web',
      authMethod: 'password',
    });
    expect(current[0]).to.have.properties(
      'id',
      'created',
      'lastUsedAt',
      'expiresAt',
    );
    expect(JSON.stringify(res.body)).to.not.match(/Hash/);
    expect(JSON.stringify(res.body)).to.not.containEql(
      other.refresh_token.split('.')[1],
    );
  });

  it('lists sessions with HTTP Basic, none of them current', async () => {
    await givenSession(app, user.id);
    const res = await client
      .get('/sessions')
      .set('Authorization', user.basic)
      .expect(200);
    // The session given, and the Basic request's own auth token (issue 15).
    expect(
      res.body.map((s: {authMethod: string}) => s.authMethod).sort(),
    ).to.eql(['basic', 'password']);
    for (const session of res.body) expect(session.current).to.be.false();
  });

  it('answers 404 SESSION_NOT_FOUND for another user’s session', async () => {
    const mine = await givenSession(app, user.id);
    const stranger = await givenUser(app);
    const theirs = await givenSession(app, stranger.id);
    const theirId = theirs.refresh_token.split('.')[0];
    for (const req of [
      client.get(`/sessions/${theirId}`),
      client.delete(`/sessions/${theirId}`),
    ]) {
      const res = await req.set(bearer(mine.access_token)).expect(404);
      expect(res.body.error.code).to.equal('SESSION_NOT_FOUND');
    }
    await callWithToken(client, theirs.access_token).expect(200);
  });

  it('revokes one session: its access token fails at once, and it is audited', async () => {
    const mine = await givenSession(app, user.id);
    const phone = await givenSession(app, user.id);
    const phoneId = phone.refresh_token.split('.')[0];
    const shown = await client
      .get(`/sessions/${phoneId}`)
      .set(bearer(mine.access_token))
      .expect(200);
    expect(shown.body).to.containDeep({id: phoneId, current: false});
    await client
      .delete(`/sessions/${phoneId}`)
      .set(bearer(mine.access_token))
      .expect(204);
    await callWithToken(client, phone.access_token).expect(401);
    await callWithToken(client, mine.access_token).expect(200);
    const audit = await app.getRepository(AuditEventRepository);
    const events = await audit.find({
      where: {userId: user.id, type: 'session.revoked'},
    });
    expect(events).to.have.length(1);
  });

  it('DELETE /sessions?keepCurrent=true signs out every other session', async () => {
    const mine = await givenSession(app, user.id);
    const a = await givenSession(app, user.id);
    const b = await givenSession(app, user.id);
    const res = await client
      .delete('/sessions?keepCurrent=true')
      .set(bearer(mine.access_token))
      .expect(200);
    expect(res.body).to.eql({revoked: 2});
    await callWithToken(client, a.access_token).expect(401);
    await callWithToken(client, b.access_token).expect(401);
    await callWithToken(client, mine.access_token).expect(200);
  });

  it('DELETE /sessions signs out everywhere, the current session too', async () => {
    const mine = await givenSession(app, user.id);
    await givenSession(app, user.id);
    const res = await client
      .delete('/sessions')
      .set(bearer(mine.access_token))
      .expect(200);
    expect(res.body).to.eql({revoked: 2});
    await callWithToken(client, mine.access_token).expect(401);
  });

  it('POST /auth/logout revokes the current session and is audited', async () => {
    const mine = await givenSession(app, user.id);
    const other = await givenSession(app, user.id);
    await client
      .post('/auth/logout')
      .set(bearer(mine.access_token))
      .expect(204);
    const res = await callWithToken(client, mine.access_token).expect(401);
    expect(res.body.error.code).to.equal('INVALID_TOKEN');
    await callWithToken(client, other.access_token).expect(200);
    const audit = await app.getRepository(AuditEventRepository);
    expect(await audit.count({userId: user.id, type: 'logout'})).to.containDeep(
      {count: 1},
    );
  });

  it('POST /auth/logout with Basic answers 204 and revokes nothing', async () => {
    const session = await givenSession(app, user.id);
    await client
      .post('/auth/logout')
      .set('Authorization', user.basic)
      .expect(204);
    await callWithToken(client, session.access_token).expect(200);
  });

  it('requires authentication', async () => {
    const res = await client.get('/sessions').expect(401);
    expect(res.body.error.code).to.equal('AUTHENTICATION_REQUIRED');
    const logout = await client.post('/auth/logout').expect(401);
    expect(logout.body.error.code).to.equal('AUTHENTICATION_REQUIRED');
  });
});
