import {expect} from '@loopback/testlab';
import {IdentityBindings} from '../../keys';
import {MfaFactorRepository, UserRepository} from '../../repositories';
import {givenGuardApp, GuardApp, givenUser} from '../fixtures/guard';
import {
  auditOf,
  claimsOf,
  givenPasswordToken,
  mfaTokenOf,
  passkeySecondStep,
  passkeySignIn,
  registerPasskey,
} from '../fixtures/mfa-passkey';
import {SoftAuthenticator} from '../fixtures/mfa-passkey-authenticator';

const ORIGIN = 'http://localhost:3000';

/**
 * What a passkey must not get past: another site's origin or RP ID,
 * another account's credential, a counter that goes back, a disabled
 * account; and the second step and step-up options it answers.
 */
describe('Passkeys: second step, step-up and refusals (acceptance)', () => {
  let running: GuardApp;

  before(async () => {
    running = await givenGuardApp({env: {BASE_URL: ORIGIN}});
  });
  after(() => running.app.stop());

  async function givenPasskeyUser(
    authenticator = new SoftAuthenticator(ORIGIN),
  ) {
    const user = await givenUser(running.app);
    const token = await givenPasswordToken(running.client, user.email);
    const {factor} = await registerPasskey(
      running.client,
      token,
      authenticator,
    );
    return {user, authenticator, factorId: factor.id as string};
  }

  it('confirms a password sign-in with a passkey: amr pwd, hwk, user, mfa', async () => {
    const {user, authenticator} = await givenPasskeyUser();
    const mfaToken = await mfaTokenOf(running.client, user.email);
    const options = await running.client
      .post('/auth/mfa/webauthn/options')
      .send({mfaToken})
      .expect(200);
    expect(options.body.allowCredentials).to.containDeep([
      {id: authenticator.credentialId},
    ]);
    expect(options.body.userVerification).to.equal('preferred');
    const body = await passkeySecondStep(
      running.client,
      mfaToken,
      authenticator,
      200,
    );
    expect(claimsOf(body.access_token as string).amr).to.eql([
      'pwd',
      'hwk',
      'user',
      'mfa',
    ]);
  });

  it("refuses another account's passkey at the second step", async () => {
    const victim = await givenPasskeyUser();
    const other = await givenPasskeyUser();
    const mfaToken = await mfaTokenOf(running.client, victim.user.email);
    const body = await passkeySecondStep(
      running.client,
      mfaToken,
      other.authenticator,
      401,
    );
    expect(body.error!.code).to.equal('INVALID_MFA_CODE');
    // The victim's own passkey still confirms it (the token lives on).
    await passkeySecondStep(
      running.client,
      mfaToken,
      victim.authenticator,
      200,
    );
  });

  it('refuses an assertion made for another origin or another RP ID', async () => {
    const {authenticator} = await givenPasskeyUser();
    authenticator.origin = 'https://phishing.example';
    const origin = await passkeySignIn(running.client, authenticator, 401);
    expect(origin.error!.code).to.equal('INVALID_MFA_CODE');
    authenticator.origin = ORIGIN;
    authenticator.rpId = 'example.com';
    const rpId = await passkeySignIn(running.client, authenticator, 401);
    expect(rpId.error!.code).to.equal('INVALID_MFA_CODE');
    authenticator.rpId = 'localhost';
    await passkeySignIn(running.client, authenticator, 200);
  });

  it('refuses to register a passkey created for another origin', async () => {
    const user = await givenUser(running.app);
    const token = await givenPasswordToken(running.client, user.email);
    const options = await running.client
      .post('/users/me/factors/webauthn/options')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const phished = new SoftAuthenticator(
      'https://phishing.example',
      'localhost',
    );
    const res = await running.client
      .post('/users/me/factors/webauthn')
      .set('Authorization', `Bearer ${token}`)
      .send({credential: phished.create(options.body)})
      .expect(400);
    expect(res.body.error.code).to.equal('INVALID_PASSKEY');
  });

  it('refuses a signature counter that goes back (a clone) and audits it', async () => {
    const {user, authenticator} = await givenPasskeyUser();
    await passkeySignIn(running.client, authenticator, 200);
    await passkeySignIn(running.client, authenticator, 200);
    authenticator.signCount = 0; // the copy answers with counter 1
    const body = await passkeySignIn(running.client, authenticator, 401);
    expect(body.error!.code).to.equal('INVALID_MFA_CODE');
    const [cloned] = await auditOf(running.app, user.id, 'mfa.passkey_cloned');
    expect(cloned!.details).to.containDeep({storedCounter: 2, newCounter: 1});
    authenticator.signCount = 2; // the original goes on from its own count
    await passkeySignIn(running.client, authenticator, 200);
  });

  it('refuses a disabled account even with its passkey', async () => {
    const {user, authenticator} = await givenPasskeyUser();
    const users = await running.app.getRepository(UserRepository);
    await users.updateById(user.id, {disabled: true});
    const body = await passkeySignIn(running.client, authenticator, 403);
    expect(body.error!.code).to.equal('ACCOUNT_DISABLED');
  });

  it('refuses a removed passkey', async () => {
    const {authenticator, factorId} = await givenPasskeyUser();
    const factors = await running.app.getRepository(MfaFactorRepository);
    await factors.deleteById(factorId);
    const body = await passkeySignIn(running.client, authenticator, 401);
    expect(body.error!.code).to.equal('INVALID_MFA_CODE');
  });

  it('gives step-up options bound to the session, which the verifier accepts once', async () => {
    const {user, authenticator} = await givenPasskeyUser();
    const signedIn = await passkeySignIn(running.client, authenticator, 200);
    const token = signedIn.access_token as string;
    const options = await running.client
      .post('/auth/step-up/webauthn/options')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(options.body.allowCredentials).to.have.length(1);
    const verifier = await running.app.get(IdentityBindings.PASSKEY_VERIFIER);
    const proof = {
      method: 'webauthn' as const,
      credential: authenticator.get(options.body),
    };
    const attempt = {id: `step-up:${claimsOf(token).sid}`, context: {}};
    expect(await verifier.verify(user.id, proof, attempt)).to.eql([
      'hwk',
      'user',
    ]);
    await expect(verifier.verify(user.id, proof, attempt)).to.be.rejectedWith({
      code: 'INVALID_PASSKEY_CHALLENGE',
    });
  });

  it('answers step-up and second-step options only where there is a passkey', async () => {
    const user = await givenUser(running.app);
    const token = await givenPasswordToken(running.client, user.email);
    const none = await running.client
      .post('/auth/step-up/webauthn/options')
      .set('Authorization', `Bearer ${token}`)
      .expect(404);
    expect(none.body.error.code).to.equal('FACTOR_NOT_FOUND');
    await running.client.post('/auth/step-up/webauthn/options').expect(401);
    const unknown = await running.client
      .post('/auth/mfa/webauthn/options')
      .send({mfaToken: 'no-such-token'})
      .expect(401);
    expect(unknown.body.error.code).to.equal('INVALID_MFA_TOKEN');
  });
});
