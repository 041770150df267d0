import {Client, expect} from '@loopback/testlab';
import {EmailFlowService} from '../../services/accounts/email-flow.service';
import {
  basicHeader,
  codeOf,
  givenEmail,
  SignedUpUser,
} from '../fixtures/accounts';
import {givenEmailFlowScene, MINUTE} from '../fixtures/email-flows';
import {ManualClock} from '../fixtures/manual-clock';

describe('email verification (acceptance)', () => {
  const scene = givenEmailFlowScene();
  const {mailsTo, isVerified, verifyToken} = scene;
  let client: Client;
  let clock: ManualClock;
  let emailFlow: EmailFlowService;
  let user: SignedUpUser;
  beforeEach(() => ({client, clock, emailFlow, user} = scene));

  describe('POST /auth/verify-email', () => {
    it('verifies with the link of the sign-up mail, once', async () => {
      const token = await verifyToken();
      const [mail] = await mailsTo(user.email);
      expect(mail?.message.text).to.containEql(
        `http://localhost:3000/#verify-email?token=${token}`,
      );
      await client.post('/auth/verify-email').send({token}).expect(204);
      expect(await isVerified(user.id)).to.be.true();
      const again = await client
        .post('/auth/verify-email')
        .send({token})
        .expect(400);
      expect(codeOf(again)).to.equal('INVALID_EMAIL_TOKEN');
    });

    it('refuses a link older than 24 hours', async () => {
      const token = await verifyToken();
      clock.advance(24 * 60 * MINUTE);
      const res = await client
        .post('/auth/verify-email')
        .send({token})
        .expect(400);
      expect(codeOf(res)).to.equal('INVALID_EMAIL_TOKEN');
      expect(await isVerified(user.id)).to.be.false();
    });

    it('refuses an unknown token with 400 and a malformed body with 422', async () => {
      const unknown = await client
        .post('/auth/verify-email')
        .send({token: 'A'.repeat(43)})
        .expect(400);
      expect(codeOf(unknown)).to.equal('INVALID_EMAIL_TOKEN');
      const operator = await client
        .post('/auth/verify-email')
        .send({token: {neq: null}})
        .expect(422);
      expect(codeOf(operator)).to.equal('VALIDATION_FAILED');
      const extra = await client
        .post('/auth/verify-email')
        .send({token: 'A'.repeat(43), userId: user.id})
        .expect(422);
      expect(codeOf(extra)).to.equal('VALIDATION_FAILED');
    });
  });

  describe('POST /auth/verify-email/send', () => {
    it('mails a new link to a signed-in user, 202', async () => {
      await client
        .post('/auth/verify-email/send')
        .set('Authorization', basicHeader(user.email, user.password))
        .expect(202);
      expect(await mailsTo(user.email)).to.have.length(2);
      const token = await verifyToken();
      await client.post('/auth/verify-email').send({token}).expect(204);
    });

    it('answers 202 for an email whether or not it has an account', async () => {
      await client
        .post('/auth/verify-email/send')
        .send({email: user.email})
        .expect(202);
      await client
        .post('/auth/verify-email/send')
        .send({email: givenEmail('nobody')})
        .expect(202);
      await emailFlow.whenIdle();
      expect(await mailsTo(user.email)).to.have.length(2);
    });

    it('answers 401 with neither credentials nor email', async () => {
      const res = await client.post('/auth/verify-email/send').expect(401);
      expect(codeOf(res)).to.equal('AUTHENTICATION_REQUIRED');
    });

    it('answers 401 for a bad token even with no body', async () => {
      const res = await client
        .post('/auth/verify-email/send')
        .set('Authorization', 'Bearer not-a-token')
        .expect(401);
      expect(codeOf(res)).to.equal('INVALID_TOKEN');
    });
  });
});
