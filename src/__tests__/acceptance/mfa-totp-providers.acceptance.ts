import {Client, expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {IdentityBindings} from '../../keys';
import {postForm} from '../fixtures/oauth';
import {ManualClock} from '../fixtures/manual-clock';
import {
  claimsOf,
  enrolTotp,
  nextStep,
  oathtoolCode,
  totpCode,
} from '../fixtures/mfa-totp';
import {
  givenGoogleUser,
  givenMail,
  givenNativeTokenScene,
} from '../fixtures/native-token-app';
import {
  FlowWorld,
  givenFlowWorld,
  returnFrom,
  signInWith,
  startLogin,
  WEB_REDIRECT,
} from '../fixtures/provider-flows';

/** The second step, with the authenticator's code of the next step. */
async function secondStep(
  client: Client,
  mfaToken: string,
  secret: string,
  clock: ManualClock,
) {
  nextStep(clock);
  const res = await client
    .post('/auth/mfa')
    .send({mfaToken, method: 'totp', code: oathtoolCode(secret, clock.now())})
    .expect(200);
  return res.body;
}

describe('Two-step sign-in with TOTP after a provider (acceptance)', () => {
  let world: FlowWorld;
  before(async () => {
    world = await givenFlowWorld();
  });
  after(() => world.stop());

  it('answers mfa_required at /auth/token (RFC 6749 shape), then tokens for the code', async () => {
    const person = {sub: randomUUID(), email: givenMail('tia')};
    world.google.signInAs({...person, email_verified: true});
    const first = await signInWith(world, 'google-login');
    const {secret} = await enrolTotp(
      world.client,
      first.access_token,
      world.clock,
    );

    const flow = await startLogin(world.client, 'google-login');
    const location = await returnFrom(world.client, flow);
    const refused = await postForm(world.client, '/auth/token', {
      grant_type: 'authorization_code',
      code: location.searchParams.get('code')!,
      redirect_uri: WEB_REDIRECT,
      client_id: 'web',
      code_verifier: flow.verifier,
    }).expect(403);
    expect(refused.body).to.containDeep({
      error: 'mfa_required',
      methods: ['totp', 'recovery_code'],
      expiresIn: 300,
    });
    expect(refused.body.error_description).to.be.a.String();
    expect(refused.body).to.not.have.property('access_token');

    const tokens = await secondStep(
      world.client,
      refused.body.mfa_token,
      secret,
      world.clock,
    );
    expect(tokens.user_id).to.equal(first.user_id);
    expect(claimsOf(tokens.access_token).amr).to.eql(['fed', 'otp', 'mfa']);
    const sessions = await world.client
      .get('/sessions')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .expect(200);
    expect(sessions.body[0].authMethod).to.equal('google-login');
  });
});

describe('Two-step sign-in with TOTP after a native token exchange (acceptance)', () => {
  const scene = givenNativeTokenScene();

  it('answers MFA_REQUIRED to the provider token, then tokens for the code', async () => {
    const {client, google} = scene;
    const clock = (await scene.running.app.get(
      IdentityBindings.CLOCK,
    )) as ManualClock;
    const gail = givenGoogleUser();
    const exchange = async () =>
      client.post('/auth/google-login/token').send({
        id_token: await google.signIdToken(gail, {aud: 'google-app'}),
      });
    const first = await exchange();
    expect(first.status).to.equal(200);
    const {secret} = await enrolTotp(client, first.body.access_token, clock);

    const refused = await exchange();
    expect(refused.status).to.equal(403);
    expect(refused.body.error.code).to.equal('MFA_REQUIRED');
    expect(refused.body.error.details.methods).to.eql([
      'totp',
      'recovery_code',
    ]);
    const {mfaToken} = refused.body.error.details;
    // A code of another step than the app shows is no proof.
    const stale = await client
      .post('/auth/mfa')
      .send({
        mfaToken,
        method: 'totp',
        code: await totpCode(secret, clock.now() - 120_000),
      })
      .expect(401);
    expect(stale.body.error.code).to.equal('INVALID_MFA_CODE');
    const tokens = await secondStep(client, mfaToken, secret, clock);
    expect(tokens.user_id).to.equal(first.body.user_id);
    expect(claimsOf(tokens.access_token).amr).to.eql(['fed', 'otp', 'mfa']);
  });
});
