import {expect} from '@loopback/testlab';
import {IdentityBindings} from '../../keys';
import {readOutbox} from '../fixtures/mail';
import {
  givenAccessToken,
  givenUser,
  GOOD_PASSWORD,
  guardAppPerTest,
} from '../fixtures/guard';
import {
  deviceCookie,
  loginFrom,
  OWNER_IP,
  STRANGER_IP,
} from '../fixtures/device-tokens';

/**
 * Mails to an address are capped, but strangers cannot use the cap to stop
 * the owner: past it the answer stays 202 and nothing is sent, and the
 * owner's device (a device token) has a quota of its own.
 */
describe('Mail quotas per address (acceptance)', () => {
  const start = guardAppPerTest();
  let dataDir: string;

  async function givenApp() {
    const running = await start({
      env: {TRUST_PROXY: 'loopback'},
      rateLimits: {
        perAccount: {
          passwordReset: {points: 2, durationSec: 3600},
          verificationSend: {points: 2, durationSec: 3600},
        },
      },
    });
    const emailFlow = await running.app.get(
      IdentityBindings.EMAIL_FLOW_SERVICE,
    );
    dataDir = running.app.config.dataDir;
    return {...running, emailFlow};
  }

  async function mailsTo(to: string): Promise<number> {
    const all = await readOutbox(dataDir).catch(() => []);
    return all.filter(m => m.message.headers.to === to).length;
  }

  it('answers 202 past the reset quota, sends nothing, and spares the owner’s device', async () => {
    const {client, app, emailFlow} = await givenApp();
    const user = await givenUser(app);
    const signIn = await loginFrom(
      client,
      {login: user.email, password: GOOD_PASSWORD},
      OWNER_IP,
    ).expect(200);
    const cookie = deviceCookie(signIn);

    const reset = (ip: string) =>
      client
        .post('/auth/password-reset')
        .set('X-Forwarded-For', ip)
        .send({email: user.email});
    for (let i = 0; i < 4; i++) await reset(STRANGER_IP).expect(202);
    await emailFlow.whenIdle();
    expect(await mailsTo(user.email)).to.equal(2);

    // The owner without the device cookie gets the same 202, and no mail;
    // with it (sent by the browser on /auth routes), the link arrives.
    await reset(OWNER_IP).expect(202);
    await emailFlow.whenIdle();
    expect(await mailsTo(user.email)).to.equal(2);
    await reset(OWNER_IP).set('Cookie', cookie).expect(202);
    await emailFlow.whenIdle();
    expect(await mailsTo(user.email)).to.equal(3);
  });

  it('answers 202 past the verification quota and sends nothing', async () => {
    const {client, app, emailFlow} = await givenApp();
    const user = await givenUser(app, {emailVerified: false});
    for (let i = 0; i < 4; i++) {
      await client
        .post('/auth/verify-email/send')
        .set('X-Forwarded-For', `10.7.0.${i}`)
        .send({email: user.email})
        .expect(202);
    }
    await emailFlow.whenIdle();
    expect(await mailsTo(user.email)).to.equal(2);
  });

  it('refuses a signed-in user’s own requests past their quota', async () => {
    const {client, app} = await givenApp();
    const user = await givenUser(app, {emailVerified: false});
    const token = await givenAccessToken(app, user.id);
    const send = () =>
      client
        .post('/auth/verify-email/send')
        .set('Authorization', `Bearer ${token}`);
    for (let i = 0; i < 2; i++) await send().expect(202);
    const res = await send().expect(429);
    expect(res.body.error.code).to.equal('RATE_LIMITED');
    expect(await mailsTo(user.email)).to.equal(2);
  });
});
