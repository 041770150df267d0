import {Client, expect} from '@loopback/testlab';
import {EmailFlowService} from '../../services/accounts/email-flow.service';
import {
  codeOf,
  givenEmail,
  givenLogin,
  SignedUpUser,
} from '../fixtures/accounts';
import {
  givenEmailFlowScene,
  MINUTE,
  NEW_PASSWORD,
} from '../fixtures/email-flows';
import {ManualClock} from '../fixtures/manual-clock';

describe('password reset (acceptance)', () => {
  const scene = givenEmailFlowScene();
  const {mailsTo, isVerified, verifyToken, resetToken, requestReset} = scene;
  let client: Client;
  let clock: ManualClock;
  let emailFlow: EmailFlowService;
  let user: SignedUpUser;
  beforeEach(() => ({client, clock, emailFlow, user} = scene));

  describe('POST /auth/password-reset', () => {
    it('answers 202 and mails a reset link only when the account exists', async () => {
      await client
        .post('/auth/password-reset')
        .send({email: user.email.toUpperCase()})
        .expect(202);
      const unknown = givenEmail('ghost');
      await client
        .post('/auth/password-reset')
        .send({email: unknown})
        .expect(202);
      await emailFlow.whenIdle();
      const token = await resetToken();
      expect(token).to.have.length(43);
      expect(await mailsTo(unknown)).to.have.length(0);
    });

    it('refuses a where-operator email with 422', async () => {
      const res = await client
        .post('/auth/password-reset')
        .send({email: {neq: null}})
        .expect(422);
      expect(codeOf(res)).to.equal('VALIDATION_FAILED');
    });
  });

  describe('POST /auth/password-reset/confirm', () => {
    it('sets the password, verifies the email and revokes every session', async () => {
      const before = await givenLogin(client, user);
      const token = await requestReset();
      await client
        .post('/auth/password-reset/confirm')
        .send({token, password: NEW_PASSWORD})
        .expect(204);
      const revoked = await client
        .get('/users/me')
        .set('Authorization', `Bearer ${before.access_token}`)
        .expect(401);
      expect(codeOf(revoked)).to.equal('INVALID_TOKEN');
      expect(await isVerified(user.id)).to.be.true();
      await client
        .post('/auth/login')
        .send({login: user.email, password: user.password})
        .expect(401);
      await client
        .post('/auth/login')
        .send({login: user.email, password: NEW_PASSWORD})
        .expect(200);
    });

    it('uses up every other outstanding reset link', async () => {
      const first = await requestReset();
      const second = await requestReset();
      await client
        .post('/auth/password-reset/confirm')
        .send({token: second, password: NEW_PASSWORD})
        .expect(204);
      const res = await client
        .post('/auth/password-reset/confirm')
        .send({token: first, password: `${NEW_PASSWORD}!`})
        .expect(400);
      expect(codeOf(res)).to.equal('INVALID_EMAIL_TOKEN');
    });

    it('keeps the link usable after a refused weak password', async () => {
      const token = await requestReset();
      const weak = await client
        .post('/auth/password-reset/confirm')
        .send({token, password: 'password'})
        .expect(422);
      expect(codeOf(weak)).to.equal('WEAK_PASSWORD');
      await client
        .post('/auth/password-reset/confirm')
        .send({token, password: NEW_PASSWORD})
        .expect(204);
    });

    it('refuses a link older than 30 minutes', async () => {
      const token = await requestReset();
      clock.advance(30 * MINUTE);
      const res = await client
        .post('/auth/password-reset/confirm')
        .send({token, password: NEW_PASSWORD})
        .expect(400);
      expect(codeOf(res)).to.equal('INVALID_EMAIL_TOKEN');
    });

    it('refuses a verification link as a reset link', async () => {
      const res = await client
        .post('/auth/password-reset/confirm')
        .send({token: await verifyToken(), password: NEW_PASSWORD})
        .expect(400);
      expect(codeOf(res)).to.equal('INVALID_EMAIL_TOKEN');
    });

    it('lets exactly one of two concurrent confirms with one link succeed', async () => {
      const token = await requestReset();
      const responses = await Promise.all(
        [NEW_PASSWORD, `${NEW_PASSWORD} two`].map(password =>
          client.post('/auth/password-reset/confirm').send({token, password}),
        ),
      );
      expect(responses.map(r => r.status).sort()).to.eql([204, 400]);
      const loser = responses.find(r => r.status === 400)!;
      expect(codeOf(loser)).to.equal('INVALID_EMAIL_TOKEN');
    });

    it('refuses unknown properties with 422', async () => {
      const res = await client
        .post('/auth/password-reset/confirm')
        .send({token: 'A'.repeat(43), password: NEW_PASSWORD, userId: user.id})
        .expect(422);
      expect(codeOf(res)).to.equal('VALIDATION_FAILED');
    });
  });
});
