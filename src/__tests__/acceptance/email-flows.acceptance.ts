import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {UserRepository} from '../../repositories';
import {ManualClock} from '../fixtures/manual-clock';
import {EmailFlowService} from '../../services/accounts/email-flow.service';
import {
  basicHeader,
  codeOf,
  givenEmail,
  givenLogin,
  givenSignedUpUser,
  linkTokenFromOutbox,
  newLinkToken,
  SignedUpUser,
} from '../fixtures/accounts';
import {givenRunningApp, removeDataDir} from '../fixtures/app';
import {readOutbox} from '../fixtures/mail';

const MINUTE = 60_000;
const NEW_PASSWORD = 'a brand new passphrase 11';

describe('email verification and password reset (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let clock: ManualClock;
  let emailFlow: EmailFlowService;
  let user: SignedUpUser;

  before(async () => {
    clock = new ManualClock();
    ({app, client} = await givenRunningApp({}, {clock}));
    emailFlow = await app.get(IdentityBindings.EMAIL_FLOW_SERVICE);
  });
  beforeEach(async () => {
    user = await givenSignedUpUser(client);
  });
  after(async () => {
    await app.stop();
    removeDataDir(app.config.dataDir);
  });

  function mailsTo(to: string) {
    return readOutbox(app.config.dataDir).then(all =>
      all.filter(m => m.message.headers.to === to),
    );
  }

  async function isVerified(userId: string): Promise<boolean> {
    const users = await app.getRepository(UserRepository);
    return (await users.findById(userId)).emailVerified;
  }

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

  function verifyToken(): Promise<string> {
    return linkTokenFromOutbox(app.config.dataDir, user.email, 'verify-email');
  }

  function resetToken(): Promise<string> {
    return linkTokenFromOutbox(
      app.config.dataDir,
      user.email,
      'reset-password',
    );
  }

  function requestReset(): Promise<string> {
    return newLinkToken(
      app.config.dataDir,
      user.email,
      'reset-password',
      async () => {
        await client
          .post('/auth/password-reset')
          .send({email: user.email})
          .expect(202);
        await emailFlow.whenIdle();
      },
    );
  }
});
