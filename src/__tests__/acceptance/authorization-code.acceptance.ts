import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {OAuthError} from '../../errors';
import {IdentityBindings} from '../../keys';
import {AuthorizationCodeService} from '../../services/tokens/authorization-code.service';
import {ManualClock} from '../fixtures/manual-clock';
import {sha256Digest} from '../../services/platform/token-digest';
import {givenDataDir, givenRunningApp, removeDataDir} from '../fixtures/app';
import {
  callWithToken,
  givenApplication,
  givenPkce,
  givenUser,
  postForm,
} from '../fixtures/oauth';

describe('POST /auth/token, grant_type=authorization_code (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let clock: ManualClock;
  let dataDir: string;
  let codes: AuthorizationCodeService;
  let userId: string;
  const redirectUri = 'http://localhost:3000/';

  before(async () => {
    dataDir = givenDataDir();
    clock = new ManualClock();
    ({app, client} = await givenRunningApp({DATA_DIR: dataDir}, {clock}));
    codes = await app.get(IdentityBindings.AUTHORIZATION_CODE_SERVICE);
  });
  beforeEach(async () => {
    userId = (await givenUser(app)).id;
  });
  after(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  async function givenCode(clientId = 'web', uri = redirectUri) {
    const pkce = givenPkce();
    const code = await codes.issue({
      userId,
      clientId,
      redirectUri: uri,
      codeChallenge: pkce.challenge,
      codeChallengeMethod: 'S256',
      authMethod: 'github',
    });
    return {code, verifier: pkce.verifier};
  }

  function exchange(form: Record<string, string>) {
    return postForm(client, '/auth/token', {
      grant_type: 'authorization_code',
      redirect_uri: redirectUri,
      client_id: 'web',
      ...form,
    });
  }

  it('trades a code and the right verifier for a session', async () => {
    const {code, verifier} = await givenCode();
    const res = await exchange({code, code_verifier: verifier}).expect(200);
    expect(res.body).to.containDeep({token_type: 'Bearer', user_id: userId});
    expect(res.headers['cache-control']).to.equal('no-store');
    const sessions = await callWithToken(client, res.body.access_token).expect(
      200,
    );
    expect(sessions.body[0]).to.containDeep({
      applicationId: 'web',
      authMethod: 'github',
      current: true,
    });
  });

  it('refuses a wrong verifier, and the code is spent', async () => {
    const {code, verifier} = await givenCode();
    const wrong = await exchange({code, code_verifier: givenPkce().verifier});
    expect(wrong.status).to.equal(400);
    expect(wrong.body.error).to.equal('invalid_grant');
    const retry = await exchange({code, code_verifier: verifier}).expect(400);
    expect(retry.body.error).to.equal('invalid_grant');
  });

  it('refuses a replayed code and revokes the session it opened', async () => {
    const {code, verifier} = await givenCode();
    const first = await exchange({code, code_verifier: verifier}).expect(200);
    const replay = await exchange({code, code_verifier: verifier}).expect(400);
    expect(replay.body.error).to.equal('invalid_grant');
    await callWithToken(client, first.body.access_token).expect(401);
  });

  it('refuses another redirect_uri', async () => {
    const {code, verifier} = await givenCode();
    const res = await exchange({
      code,
      code_verifier: verifier,
      redirect_uri: 'http://localhost:3000/elsewhere',
    }).expect(400);
    expect(res.body.error).to.equal('invalid_grant');
  });

  it('refuses a code issued to another client', async () => {
    const other = await givenApplication(app);
    const {code, verifier} = await givenCode(other.id, redirectUri);
    const res = await exchange({code, code_verifier: verifier}).expect(400);
    expect(res.body.error).to.equal('invalid_grant');
  });

  it('refuses a code after 60 seconds', async () => {
    const {code, verifier} = await givenCode();
    clock.advance(61_000);
    const res = await exchange({code, code_verifier: verifier}).expect(400);
    expect(res.body.error).to.equal('invalid_grant');
  });

  it('requires client_id, code_verifier and redirect_uri', async () => {
    const {code, verifier} = await givenCode();
    const noClient = await postForm(client, '/auth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    }).expect(401);
    expect(noClient.body.error).to.equal('invalid_client');
    const noVerifier = await exchange({code}).expect(400);
    expect(noVerifier.body.error).to.equal('invalid_request');
  });

  it('refuses client secrets until confidential clients exist', async () => {
    const {code, verifier} = await givenCode();
    const res = await exchange({
      code,
      code_verifier: verifier,
      client_secret: 's3cret',
    }).expect(401);
    expect(res.body.error).to.equal('invalid_client');
  });

  it('issues only PKCE S256 codes', async () => {
    const err = await codes
      .issue({
        userId,
        clientId: 'web',
        redirectUri,
        codeChallenge: 'plain-challenge',
        // A caller bypassing the type, as JavaScript could.
        codeChallengeMethod: 'plain' as 'S256',
        authMethod: 'github',
      })
      .catch(e => e);
    expect(err).to.be.instanceOf(OAuthError);
    expect((err as OAuthError).error).to.equal('invalid_request');
  });

  it('stores codes only as digests', async () => {
    const {code} = await givenCode();
    const store = app.getSync(IdentityBindings.STORE);
    const stored = await store.get(`code:${sha256Digest(code)}`);
    expect(stored).to.be.a.String();
    expect(stored).to.not.containEql(code);
    expect(await store.get(`code:${code}`)).to.be.undefined();
  });
});
