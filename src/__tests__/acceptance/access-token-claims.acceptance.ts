import {Client, expect} from '@loopback/testlab';
import {decodeJwt, decodeProtectedHeader} from 'jose';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {givenLogin, givenSignedUpUser} from '../fixtures/accounts';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {ManualClock} from '../fixtures/manual-clock';
import {
  callWithToken,
  givenConfidentialApplication,
  postForm,
} from '../fixtures/oauth';

describe('access tokens follow RFC 9068 (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let clock: ManualClock;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = givenDataDir();
    clock = new ManualClock();
    ({app, client} = await givenRunningApp({DATA_DIR: dataDir}, {clock}));
  });
  afterEach(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  it('carries typ at+jwt, RS256 by default, and the RFC 9068 claims', async () => {
    const user = await givenSignedUpUser(client);
    const signedInAt = Math.floor(clock.now() / 1000);
    const {access_token: token} = await givenLogin(client, user);

    const header = decodeProtectedHeader(token);
    expect(header).to.containDeep({alg: 'RS256', typ: 'at+jwt'});
    expect(header.kid).to.be.a.String();
    const claims = decodeJwt(token);
    expect(claims).to.containDeep({
      iss: 'http://localhost:3000',
      sub: user.id,
      aud: 'web',
      client_id: 'web',
      iat: signedInAt,
      exp: signedInAt + 900,
      auth_time: signedInAt,
      amr: ['pwd'],
    });
    expect(claims.jti).to.match(/^[0-9a-f-]{36}$/);
    expect(claims.sid).to.be.a.String();
    // No scope is granted yet: the claim is left out rather than empty.
    expect(claims).to.not.have.property('scope');
  });

  it('keeps auth_time and amr of the sign-in across refreshes', async () => {
    const user = await givenSignedUpUser(client);
    const signedInAt = Math.floor(clock.now() / 1000);
    const first = await givenLogin(client, user);
    clock.advance(600_000);
    const res = await postForm(client, '/auth/token', {
      grant_type: 'refresh_token',
      refresh_token: first.refresh_token,
    }).expect(200);
    const claims = decodeJwt(res.body.access_token);
    expect(claims.iat).to.equal(signedInAt + 600);
    expect(claims).to.containDeep({auth_time: signedInAt, amr: ['pwd']});
    await callWithToken(client, res.body.access_token).expect(200);
  });

  it('says fed in amr for a session started by a provider sign-in', async () => {
    const user = await givenSignedUpUser(client);
    const sessions = await app.get(IdentityBindings.SESSION_SERVICE);
    // Provider flows start sessions with the entry's name as authMethod.
    const tokens = await sessions.start(user.id, {
      applicationId: 'web',
      authMethod: 'google-login',
    });
    expect(decodeJwt(tokens.access_token).amr).to.eql(['fed']);
    await callWithToken(client, tokens.access_token).expect(200);
  });

  it('still accepts, until they expire, tokens issued before these claims (no client_id, auth_time, amr)', async () => {
    const user = await givenSignedUpUser(client);
    const {access_token: token} = await givenLogin(client, user);
    const {
      client_id: clientId,
      auth_time: authTime,
      amr,
      ...before
    } = decodeJwt(token);
    expect([clientId, typeof authTime, amr]).to.eql(['web', 'number', ['pwd']]);
    const keys = app.getSync(IdentityBindings.SIGNING_KEY_SERVICE);
    const old = await keys.signJwt(before, {typ: 'at+jwt'});
    await callWithToken(client, old).expect(200);
    // Only confidential clients introspect (issue 11): such a token of one.
    const server = await givenConfidentialApplication(app);
    const sessions = await app.get(IdentityBindings.SESSION_SERVICE);
    const its = await sessions.start(user.id, {
      applicationId: server.id,
      authMethod: 'password',
    });
    const {client_id: itsClientId, ...itsBefore} = decodeJwt(its.access_token);
    expect(itsClientId).to.equal(server.id);
    const introspected = await postForm(client, '/auth/introspect', {
      token: await keys.signJwt(itsBefore, {typ: 'at+jwt'}),
    })
      .set('Authorization', server.basic)
      .expect(200);
    expect(introspected.body).to.containDeep({
      active: true,
      client_id: server.id,
    });
    clock.advance(906_000);
    await callWithToken(client, old).expect(401);
  });
});
