import {expect} from '@loopback/testlab';
import {SessionRepository} from '../../repositories';
import {givenGuardApp, GuardApp, givenUser} from '../fixtures/guard';
import {ManualClock} from '../fixtures/manual-clock';
import {
  auditOf,
  claimsOf,
  givenPasswordToken,
  passkeySignIn,
  registerPasskey,
} from '../fixtures/mfa-passkey';
import {SoftAuthenticator} from '../fixtures/mfa-passkey-authenticator';
import {expectSignInAnswer} from '../fixtures/device-tokens';

const ORIGIN = 'http://localhost:3000';

/**
 * Passkeys through the API, answered by an authenticator in Node (the
 * browser suite, mfa-passkey-browser, uses Chromium's): registration, a
 * sign-in with no username, and the refusals of the input and the
 * challenge (malformed, unknown, spent, expired).
 */
describe('Passkeys: registration and sign-in (acceptance)', () => {
  let running: GuardApp;
  let clock: ManualClock;

  before(async () => {
    clock = new ManualClock();
    running = await givenGuardApp({clock, env: {BASE_URL: ORIGIN}});
  });
  after(() => running.app.stop());

  /** A user with a passkey, and a token of a sign-in with it. */
  async function givenPasskeyUser(): Promise<{
    userId: string;
    token: string;
    authenticator: SoftAuthenticator;
  }> {
    const user = await givenUser(running.app);
    const password = await givenPasswordToken(running.client, user.email);
    const authenticator = new SoftAuthenticator(ORIGIN);
    await registerPasskey(running.client, password, authenticator);
    const body = await passkeySignIn(running.client, authenticator, 200);
    return {userId: user.id, token: body.access_token as string, authenticator};
  }

  it('registers a first passkey with recovery codes, and excludes it from the next options', async () => {
    const user = await givenUser(running.app, {name: 'Ada'});
    const token = await givenPasswordToken(running.client, user.email);
    const authenticator = new SoftAuthenticator(ORIGIN);
    const options = await running.client
      .post('/users/me/factors/webauthn/options')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(options.body.rp).to.eql({name: 'Identity service', id: 'localhost'});
    expect(options.body.user.name).to.equal(user.email);
    expect(options.body.user.displayName).to.equal('Ada');
    expect(options.body.authenticatorSelection).to.containDeep({
      residentKey: 'required',
      userVerification: 'preferred',
    });
    expect(options.body.excludeCredentials).to.eql([]);
    const res = await running.client
      .post('/users/me/factors/webauthn')
      .set('Authorization', `Bearer ${token}`)
      .send({name: 'Laptop', credential: authenticator.create(options.body)})
      .expect(201);
    expect(res.body.factor).to.containDeep({
      type: 'webauthn',
      name: 'Laptop',
      transports: ['internal'],
      backupEligible: false,
    });
    expect(res.body.factor).to.not.have.properties(['publicKey', 'counter']);
    expect(res.body.recoveryCodes).to.have.length(10);
    // The account now has a factor: the password's token no longer steps up.
    const stale = await running.client
      .post('/users/me/factors/webauthn/options')
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
    expect(stale.body.error.code).to.equal('INSUFFICIENT_USER_AUTHENTICATION');
    expect(stale.body.error.details.acrValues).to.eql([
      'urn:identity-service:acr:multi-factor',
    ]);
    const signedIn = await passkeySignIn(running.client, authenticator, 200);
    const passkeyToken = signedIn.access_token as string;
    const again = await running.client
      .post('/users/me/factors/webauthn/options')
      .set('Authorization', `Bearer ${passkeyToken}`)
      .expect(200);
    expect(again.body.excludeCredentials).to.eql([
      {
        id: authenticator.credentialId,
        type: 'public-key',
        transports: ['internal'],
      },
    ]);
    // A second passkey is not the first factor: no new codes.
    const second = await registerPasskey(
      running.client,
      passkeyToken,
      new SoftAuthenticator(ORIGIN),
    );
    expect(second.factor.name).to.equal('Passkey');
    expect(second).to.not.have.property('recoveryCodes');
    expect(
      await auditOf(running.app, user.id, 'mfa.factor_added'),
    ).to.have.length(2);
  });

  it('signs in with no username: amr hwk, user, mfa, and a passkey session', async () => {
    const {userId, authenticator} = await givenPasskeyUser();
    const body = await passkeySignIn(running.client, authenticator, 200);
    expect(body.user_id).to.equal(userId);
    const claims = claimsOf(body.access_token as string);
    expect(claims.amr).to.eql(['hwk', 'user', 'mfa']);
    expect(claims.acr).to.equal('phr');
    const sessions = await running.app.getRepository(SessionRepository);
    const session = await sessions.findById(claims.sid as string);
    expect(session.authMethod).to.equal('passkey');
    // The counter went up: the same passkey signs in again.
    await passkeySignIn(running.client, authenticator, 200);
    const events = await auditOf(running.app, userId, 'login.succeeded');
    expect(events.map(e => e.details)).to.eql([
      {authMethod: 'password'},
      {authMethod: 'passkey'},
      {authMethod: 'passkey'},
      {authMethod: 'passkey'},
    ]);
  });

  it('refuses a malformed credential as INVALID_PASSKEY and a body off the schema as VALIDATION_FAILED', async () => {
    const {token} = await givenPasskeyUser();
    await running.client
      .post('/users/me/factors/webauthn/options')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    const bad = {id: 'abc', rawId: 'abd', type: 'public-key', response: {}};
    const register = await running.client
      .post('/users/me/factors/webauthn')
      .set('Authorization', `Bearer ${token}`)
      .send({credential: bad})
      .expect(400);
    expect(register.body.error.code).to.equal('INVALID_PASSKEY');
    const start = await running.client
      .post('/auth/passkey/options')
      .expect(200);
    const noJson = {
      ...bad,
      rawId: 'abc',
      response: {
        clientDataJSON: 'bm90IGpzb24',
        authenticatorData: 'AA',
        signature: 'AA',
      },
    };
    const login = await running.client
      .post('/auth/passkey/login')
      .send({challengeId: start.body.challengeId, credential: noJson})
      .expect(400);
    expect(login.body.error.code).to.equal('INVALID_PASSKEY');
    const offSchema = await running.client
      .post('/auth/passkey/login')
      .send({challengeId: start.body.challengeId, credential: {id: 'abc'}})
      .expect(422);
    expect(offSchema.body.error.code).to.equal('VALIDATION_FAILED');
  });

  it('refuses an unknown challengeId, and a challenge answered once', async () => {
    const {authenticator} = await givenPasskeyUser();
    const start = await running.client
      .post('/auth/passkey/options')
      .expect(200);
    const credential = authenticator.get(start.body.options);
    const unknown = await running.client
      .post('/auth/passkey/login')
      .send({challengeId: 'no-such-challenge', credential})
      .expect(400);
    expect(unknown.body.error.code).to.equal('INVALID_PASSKEY_CHALLENGE');
    const signedIn = await running.client
      .post('/auth/passkey/login')
      .send({challengeId: start.body.challengeId, credential})
      .expect(200);
    expectSignInAnswer(signedIn);
    const replay = await running.client
      .post('/auth/passkey/login')
      .send({challengeId: start.body.challengeId, credential})
      .expect(400);
    expect(replay.body.error.code).to.equal('INVALID_PASSKEY_CHALLENGE');
  });

  it('refuses a challenge after its five minutes, at sign-in and at registration', async () => {
    const {token, authenticator} = await givenPasskeyUser();
    const start = await running.client
      .post('/auth/passkey/options')
      .expect(200);
    const options = await running.client
      .post('/users/me/factors/webauthn/options')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    clock.advance(5 * 60_000 + 1);
    const login = await running.client
      .post('/auth/passkey/login')
      .send({
        challengeId: start.body.challengeId,
        credential: authenticator.get(start.body.options),
      })
      .expect(400);
    expect(login.body.error.code).to.equal('INVALID_PASSKEY_CHALLENGE');
    const register = await running.client
      .post('/users/me/factors/webauthn')
      .set('Authorization', `Bearer ${token}`)
      .send({credential: new SoftAuthenticator(ORIGIN).create(options.body)})
      .expect(400);
    expect(register.body.error.code).to.equal('INVALID_PASSKEY_CHALLENGE');
  });

  it('refuses a passkey it does not know, and audits the failed sign-in', async () => {
    const stranger = new SoftAuthenticator(ORIGIN);
    const body = await passkeySignIn(running.client, stranger, 401);
    expect(body.error!.code).to.equal('INVALID_MFA_CODE');
    const failed = await auditOf(running.app, undefined, 'login.failed');
    expect(failed.map(e => e.details)).to.containDeep([
      {authMethod: 'passkey', reason: 'INVALID_MFA_CODE'},
    ]);
  });

  it('asks for a recent sign-in before the registration options', async () => {
    const user = await givenUser(running.app);
    const token = await givenPasswordToken(running.client, user.email);
    clock.advance(301_000);
    const res = await running.client
      .post('/users/me/factors/webauthn/options')
      .set('Authorization', `Bearer ${token}`)
      .expect(401);
    expect(res.body.error.code).to.equal('INSUFFICIENT_USER_AUTHENTICATION');
    expect(res.headers['www-authenticate']).to.match(/max_age=300/);
  });
});
