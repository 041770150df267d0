import {expect} from '@loopback/testlab';
import {IdentityBindings} from '../../keys';
import {MfaFactorRepository} from '../../repositories';
import {givenGuardApp, GuardApp, givenUser} from '../fixtures/guard';
import {ManualClock} from '../fixtures/manual-clock';
import {
  bearer,
  claimsOf,
  enrolTotp,
  firstFactor,
  nextStep,
  oathtoolCode,
  signIn,
  signInWithTotp,
  totpCode,
} from '../fixtures/mfa-totp';

/**
 * Enrolling an authenticator app and signing in with it (DESIGN §9), the
 * codes computed as a real app would: by Debian's oathtool, and otplib.
 */
describe('TOTP factors (acceptance)', () => {
  let running: GuardApp;
  let clock: ManualClock;

  before(async () => {
    clock = new ManualClock(Date.now());
    running = await givenGuardApp({
      clock,
      env: {MFA_ISSUER: 'Acme ID'},
      rateLimits: {secondFactor: {perUser: {points: 4, durationSec: 60}}},
    });
  });
  after(() => running.app.stop());

  async function newAccount() {
    const user = await givenUser(running.app);
    const tokens = await signIn(running.client, user.email);
    return {user, token: tokens.access_token};
  }

  it('enrols with a secret, its otpauth URI and QR code, and confirms with oathtool’s code', async () => {
    const {user, token} = await newAccount();
    const res = await running.client
      .post('/users/me/factors/totp')
      .set(bearer(token))
      .send({name: 'Pixel'})
      .expect(201);
    expect(res.headers['cache-control']).to.equal('no-store');
    const {id, secret, otpauthUri, qrCode} = res.body;
    expect(res.body).to.containDeep({type: 'totp', name: 'Pixel'});
    expect(secret).to.match(/^[A-Z2-7]{32}$/);
    const uri = new URL(otpauthUri);
    expect(uri.protocol + uri.host).to.equal('otpauth:totp');
    expect(decodeURIComponent(uri.pathname)).to.equal(`/Acme ID:${user.email}`);
    expect(uri.searchParams.get('secret')).to.equal(secret);
    expect(uri.searchParams.get('issuer')).to.equal('Acme ID');
    expect(qrCode).to.startWith('data:image/svg+xml;base64,');
    const svg = Buffer.from(qrCode.split(',')[1], 'base64').toString();
    expect(svg).to.match(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);

    // Sealed at rest: the row never holds the secret as the app got it.
    const factors = await running.app.getRepository(MfaFactorRepository);
    const row = await factors.findById(id);
    expect(row.secret).to.not.containEql(secret);
    expect(row.confirmedAt).to.be.undefined();

    const confirmed = await running.client
      .post(`/users/me/factors/${id}/confirm`)
      .set(bearer(token))
      .send({code: oathtoolCode(secret, clock.now())})
      .expect(200);
    expect(confirmed.body.factor).to.containDeep({id, type: 'totp'});
    expect(confirmed.body.factor).to.not.have.property('secret');
    expect(confirmed.body.recoveryCodes).to.have.length(10);
    for (const code of confirmed.body.recoveryCodes) {
      expect(code).to.match(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    }
    const again = await running.client
      .post(`/users/me/factors/${id}/confirm`)
      .set(bearer(token))
      .send({code: await totpCode(secret, clock.now())})
      .expect(409);
    expect(again.body.error.code).to.equal('FACTOR_ALREADY_CONFIRMED');
  });

  it('signs in in two steps with the app’s code (oathtool), once per code', async () => {
    const {user, token} = await newAccount();
    const {secret} = await enrolTotp(running.client, token, clock);
    const mfaToken = await firstFactor(running.client, user.email);
    nextStep(clock);
    const code = oathtoolCode(secret, clock.now());
    const res = await running.client
      .post('/auth/mfa')
      .send({mfaToken, method: 'totp', code})
      .expect(200);
    expect(claimsOf(res.body.access_token)).to.containDeep({
      amr: ['pwd', 'otp', 'mfa'],
      acr: 'urn:identity-service:acr:multi-factor',
    });
    // The same code at another sign-in, within its window: refused.
    const replay = await running.client
      .post('/auth/mfa')
      .send({
        mfaToken: await firstFactor(running.client, user.email),
        method: 'totp',
        code,
      })
      .expect(401);
    expect(replay.body.error.code).to.equal('INVALID_MFA_CODE');
    const factors = await running.client
      .get('/users/me/factors')
      .set(bearer(res.body.access_token))
      .expect(200);
    expect(new Date(factors.body[0].lastUsedAt).getTime()).to.equal(
      clock.now(),
    );
  });

  it('refuses a wrong first code, and recovery codes come with the first factor only', async () => {
    const {user, token} = await newAccount();
    const enrolment = await running.client
      .post('/users/me/factors/totp')
      .set(bearer(token))
      .send({})
      .expect(201);
    expect(enrolment.body.name).to.equal('Authenticator app');
    const wrong = await running.client
      .post(`/users/me/factors/${enrolment.body.id}/confirm`)
      .set(bearer(token))
      .send({code: '000000'})
      .expect(401);
    expect(wrong.body.error.code).to.equal('INVALID_MFA_CODE');

    const first = await enrolTotp(running.client, token, clock, 'Phone');
    expect(first.recoveryCodes).to.have.length(10);
    // The earlier pending enrolment was replaced by the new one.
    const tokens = await signInWithTotp(
      running.client,
      user.email,
      first.secret,
      clock,
    );
    const second = await enrolTotp(
      running.client,
      tokens.access_token,
      clock,
      'Tablet',
    );
    expect(second.recoveryCodes).to.be.undefined();
    const list = await running.client
      .get('/users/me/factors')
      .set(bearer(tokens.access_token))
      .expect(200);
    expect(list.body.map((f: {name: string}) => f.name)).to.eql([
      'Phone',
      'Tablet',
    ]);
    const recovery = await running.app.get(
      IdentityBindings.RECOVERY_CODE_SERVICE,
    );
    expect(await recovery.remaining(user.id)).to.equal(10);
  });

  it('limits second-step attempts per account, right ones too', async () => {
    const {user, token} = await newAccount();
    // The first code (confirmation) is one of the 4 attempts a minute.
    const {secret} = await enrolTotp(running.client, token, clock);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const mfaToken = await firstFactor(running.client, user.email);
      nextStep(clock);
      const res = await running.client.post('/auth/mfa').send({
        mfaToken,
        method: 'totp',
        code: await totpCode(secret, clock.now()),
      });
      statuses.push(res.status);
    }
    expect(statuses).to.eql([200, 200, 200]);
    const mfaToken = await firstFactor(running.client, user.email);
    nextStep(clock);
    const limited = await running.client
      .post('/auth/mfa')
      .send({
        mfaToken,
        method: 'totp',
        code: await totpCode(secret, clock.now()),
      })
      .expect(429);
    expect(limited.body.error.code).to.equal('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).to.be.above(0);
  });
});
