import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {UserRepository} from '../../repositories';
import {
  codeOf,
  givenEmail,
  linkTokensFromOutbox,
  newLinkToken,
  SignedUpUser,
} from '../fixtures/accounts';
import {
  CHANGES_PER_HOUR,
  givenEmailChangeScene,
} from '../fixtures/email-change';
import {ManualClock} from '../fixtures/manual-clock';

describe('changing one’s email address (acceptance)', () => {
  const scene = givenEmailChangeScene();
  const {idle, mailsTo, requestChange, givenPendingChange, confirm, canLogIn} =
    scene;
  let app: IdentityApplication;
  let client: Client;
  let clock: ManualClock;
  let user: SignedUpUser;
  let bearer: string;
  beforeEach(() => ({app, client, clock, user, bearer} = scene));

  it('keeps the old address until the link is used, and mails the new one', async () => {
    const email = givenEmail('moved');
    const res = await requestChange({email: email.toUpperCase()}).expect(202);
    expect(res.body).to.containDeep({
      id: user.id,
      email: user.email,
      pendingEmail: email,
    });
    const me = await client.get('/users/me').set('Authorization', bearer);
    expect(me.body.email).to.equal(user.email);
    expect(await canLogIn(user.email)).to.be.true();
    expect(await canLogIn(email)).to.be.false();
    // Resets still go to the old address, never to the pending one.
    await client.post('/auth/password-reset').send({email}).expect(202);
    await client
      .post('/auth/password-reset')
      .send({email: user.email})
      .expect(202);
    await idle();
    const dir = app.config.dataDir;
    expect(
      await linkTokensFromOutbox(dir, email, 'reset-password'),
    ).to.be.empty();
    expect(
      await linkTokensFromOutbox(dir, user.email, 'reset-password'),
    ).to.have.length(1);
    const [link] = await mailsTo(email);
    expect(link?.message.headers.subject).to.equal(
      'Confirm your new email address',
    );
    expect(link?.message.text).to.match(
      /http:\/\/localhost:3000\/#confirm-email-change\?token=[\w-]{43}/,
    );
  });

  it('applies the change with the link, once, and tells the old address', async () => {
    const email = givenEmail('moved');
    const oldReset = await newLinkToken(
      app.config.dataDir,
      user.email,
      'reset-password',
      async () => {
        await client.post('/auth/password-reset').send({email: user.email});
        await idle();
      },
    );
    const token = await givenPendingChange(email);
    await confirm(token).expect(204);
    const me = await client.get('/users/me').set('Authorization', bearer);
    expect(me.body).to.containDeep({email, emailVerified: true});
    expect(await canLogIn(email)).to.be.true();
    expect(await canLogIn(user.email)).to.be.false();
    const notices = (await mailsTo(user.email)).filter(
      m => m.message.headers.subject === 'Your email address was changed',
    );
    expect(notices).to.have.length(1);
    expect(notices[0]?.message.text).to.containEql(email);
    const again = await confirm(token).expect(400);
    expect(codeOf(again)).to.equal('INVALID_EMAIL_TOKEN');
    // Links mailed to the old address stopped working.
    const reset = await client
      .post('/auth/password-reset/confirm')
      .send({token: oldReset, password: 'a brand new passphrase 11'})
      .expect(400);
    expect(codeOf(reset)).to.equal('INVALID_EMAIL_TOKEN');
  });

  it('refuses an expired link and a superseded one', async () => {
    const first = await givenPendingChange(givenEmail('first'));
    const second = await givenPendingChange(givenEmail('second'));
    const superseded = await confirm(first).expect(400);
    expect(codeOf(superseded)).to.equal('INVALID_EMAIL_TOKEN');
    clock.advance(24 * 60 * 60 * 1000);
    const expired = await confirm(second).expect(400);
    expect(codeOf(expired)).to.equal('INVALID_EMAIL_TOKEN');
    const users = await app.getRepository(UserRepository);
    expect((await users.findById(user.id)).email).to.equal(user.email);
  });

  it('changes the other fields of the same request at once', async () => {
    const email = givenEmail('moved');
    const res = await requestChange({name: 'New Name', email}).expect(202);
    expect(res.body).to.containDeep({
      name: 'New Name',
      email: user.email,
      pendingEmail: email,
    });
  });

  it('limits email changes per user, changing nothing when over', async () => {
    for (let i = 0; i < CHANGES_PER_HOUR; i++) {
      await requestChange({email: givenEmail('try')}).expect(202);
    }
    const res = await requestChange({
      name: 'Too Many',
      email: givenEmail('try'),
    }).expect(429);
    expect(codeOf(res)).to.equal('RATE_LIMITED');
    expect(res.headers['retry-after']).to.match(/^\d+$/);
    const me = await client.get('/users/me').set('Authorization', bearer);
    expect(me.body.name).to.be.undefined();
    // Other changes are not limited.
    await requestChange({name: 'Fine'}).expect(200);
    await idle();
  });
});
