import {expect} from '@loopback/testlab';
import {IdentityBindings} from '../../keys';
import {MfaFactorRepository} from '../../repositories';
import {
  basic,
  givenGuardApp,
  GuardApp,
  givenUser,
  GOOD_PASSWORD,
} from '../fixtures/guard';
import {expectSignInAnswer} from '../fixtures/device-tokens';

/**
 * The gate every sign-in passes (DESIGN §9): a first factor alone, for an
 * account with a confirmed factor, answers MFA_REQUIRED with an mfaToken,
 * and the second step (here a recovery code) opens the session.
 */
describe('Second factor gate (acceptance)', () => {
  let running: GuardApp;
  let email: string;
  let userId: string;
  let codes: string[];

  before(async () => {
    running = await givenGuardApp();
  });
  after(() => running.app.stop());

  // Each test has its own account: wrong proofs lock an account out.
  beforeEach(async () => {
    const user = await givenUser(running.app);
    email = user.email;
    userId = user.id;
    const factors = await running.app.getRepository(MfaFactorRepository);
    await factors.create({
      userId,
      type: 'totp',
      name: 'Phone',
      secret: 'sealed',
      confirmedAt: new Date(),
    });
    const recovery = await running.app.get(
      IdentityBindings.RECOVERY_CODE_SERVICE,
    );
    codes = await recovery.generate(userId, {});
  });

  async function firstFactor(): Promise<string> {
    const res = await running.client
      .post('/auth/login')
      .send({login: email, password: GOOD_PASSWORD})
      .expect(403);
    expect(res.body.error.code).to.equal('MFA_REQUIRED');
    expect(res.body.error.details.methods).to.eql(['totp', 'recovery_code']);
    expect(res.body.error.details.expiresIn).to.equal(300);
    expect(res.body).to.not.have.property('access_token');
    return res.body.error.details.mfaToken;
  }

  it('answers MFA_REQUIRED to the right password, and a token to the second step', async () => {
    const mfaToken = await firstFactor();
    const res = await running.client
      .post('/auth/mfa')
      .send({mfaToken, method: 'recovery_code', code: codes[0]})
      .expect(200);
    expect(res.body.user_id).to.equal(userId);
    expectSignInAnswer(res);
    const claims = JSON.parse(
      Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString(),
    );
    expect(claims.amr).to.eql(['pwd', 'otp', 'mfa']);
    expect(claims.acr).to.equal('urn:identity-service:acr:multi-factor');
    await running.client
      .get('/users/me')
      .set('Authorization', `Bearer ${res.body.access_token}`)
      .expect(200);
  });

  it('spends an mfaToken and a recovery code once', async () => {
    const mfaToken = await firstFactor();
    await running.client
      .post('/auth/mfa')
      .send({mfaToken, method: 'recovery_code', code: codes[1]})
      .expect(200);
    const again = await running.client
      .post('/auth/mfa')
      .send({mfaToken, method: 'recovery_code', code: codes[2]})
      .expect(401);
    expect(again.body.error.code).to.equal('INVALID_MFA_TOKEN');
    const reused = await running.client
      .post('/auth/mfa')
      .send({
        mfaToken: await firstFactor(),
        method: 'recovery_code',
        code: codes[1]!.toLowerCase(),
      })
      .expect(401);
    expect(reused.body.error.code).to.equal('INVALID_MFA_CODE');
  });

  it('refuses a wrong code, a method the account lacks, and another client', async () => {
    const mfaToken = await firstFactor();
    const wrong = await running.client
      .post('/auth/mfa')
      .send({mfaToken, method: 'recovery_code', code: 'AAAA-BBBB-CCCC'})
      .expect(401);
    expect(wrong.body.error.code).to.equal('INVALID_MFA_CODE');
    const passkey = await running.client
      .post('/auth/mfa')
      .send({
        mfaToken,
        method: 'webauthn',
        credential: {id: 'x', rawId: 'x', type: 'public-key', response: {}},
      })
      .expect(400);
    expect(passkey.body.error.code).to.equal('INVALID_REQUEST');
    const otherClient = await running.client
      .post('/auth/mfa')
      .send({mfaToken, method: 'recovery_code', code: codes[3], client_id: 'x'})
      .expect(401);
    expect(otherClient.body.error.code).to.equal('INVALID_MFA_TOKEN');
  });

  it('ends an mfaToken after five wrong proofs', async () => {
    const mfaToken = await firstFactor();
    for (let i = 0; i < 5; i++) {
      await running.client
        .post('/auth/mfa')
        .send({mfaToken, method: 'recovery_code', code: `AAAA-BBBB-CCC${i}`})
        .expect(401);
    }
    const res = await running.client
      .post('/auth/mfa')
      .send({mfaToken, method: 'recovery_code', code: codes[4]})
      .expect(401);
    expect(res.body.error.code).to.equal('INVALID_MFA_TOKEN');
  });

  it('locks the second step out after five wrong proofs, as wrong passwords do', async () => {
    for (let i = 0; i < 5; i++) {
      await running.client
        .post('/auth/mfa')
        .send({
          mfaToken: await firstFactor(),
          method: 'recovery_code',
          code: `AAAA-BBBB-CCC${i}`,
        })
        .expect(401);
    }
    const locked = await running.client
      .post('/auth/mfa')
      .send({
        mfaToken: await firstFactor(),
        method: 'recovery_code',
        code: codes[0],
      })
      .expect(429);
    expect(locked.body.error.code).to.equal('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).to.be.above(0);
  });

  it('refuses HTTP Basic for the account, after checking the password', async () => {
    const refused = await running.client
      .get('/users/me')
      .set('Authorization', basic(email, GOOD_PASSWORD))
      .expect(403);
    expect(refused.body.error.code).to.equal('MFA_REQUIRED');
    expect(refused.body.error.details).to.be.undefined();
    const wrong = await running.client
      .get('/users/me')
      .set('Authorization', basic(email, 'not the password'))
      .expect(401);
    expect(wrong.body.error.code).to.equal('INVALID_CREDENTIALS');
  });
});
