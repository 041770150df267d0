import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {UserRepository} from '../../repositories';
import {ManualClock} from '../fixtures/manual-clock';
import {
  codeOf,
  givenEmail,
  givenLogin,
  givenSignedUpUser,
  linkTokensFromOutbox,
  newLinkToken,
  SignedUpUser,
} from '../fixtures/accounts';
import {givenRunningApp, removeDataDir} from '../fixtures/app';
import {readOutbox} from '../fixtures/mail';

const CHANGES_PER_HOUR = 3;

describe('changing one’s email address (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let clock: ManualClock;
  let user: SignedUpUser;
  let bearer: string;

  before(async () => {
    clock = new ManualClock();
    ({app, client} = await givenRunningApp(
      {},
      {
        clock,
        rateLimits: {
          emailChangesPerUser: {points: CHANGES_PER_HOUR, durationSec: 3600},
        },
      },
    ));
  });
  beforeEach(async () => {
    user = await givenSignedUpUser(client);
    bearer = `Bearer ${(await givenLogin(client, user)).access_token}`;
  });
  after(async () => {
    await app.stop();
    removeDataDir(app.config.dataDir);
  });

  async function idle(): Promise<void> {
    await (await app.get(IdentityBindings.EMAIL_CHANGE_SERVICE)).whenIdle();
    await (await app.get(IdentityBindings.EMAIL_FLOW_SERVICE)).whenIdle();
  }

  async function mailsTo(to: string) {
    await idle();
    return (await readOutbox(app.config.dataDir)).filter(
      m => m.message.headers.to === to,
    );
  }

  function requestChange(body: object) {
    return client.patch('/users/me').set('Authorization', bearer).send(body);
  }

  /** Asks to move to `email` and answers the token of the link it mails. */
  async function givenPendingChange(email: string): Promise<string> {
    return newLinkToken(
      app.config.dataDir,
      email,
      'confirm-email-change',
      async () => {
        await requestChange({email}).expect(202);
        await idle();
      },
    );
  }

  function confirm(token: string) {
    return client.post('/auth/email-change/confirm').send({token});
  }

  async function canLogIn(login: string): Promise<boolean> {
    const res = await client
      .post('/auth/login')
      .send({login, password: user.password});
    return res.status === 200;
  }

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

  it('answers a taken address exactly like a free one and tells its owner', async () => {
    const other = await givenSignedUpUser(client);
    const free = givenEmail('free');
    const taken = await requestChange({email: other.email}).expect(202);
    const open = await requestChange({email: free}).expect(202);
    const shape = (body: object) =>
      Object.fromEntries(
        Object.entries(body).filter(([k]) => k !== 'pendingEmail'),
      );
    expect(shape(taken.body)).to.eql(shape(open.body));
    expect(taken.body.pendingEmail).to.equal(other.email);
    expect(Object.keys(taken.headers).sort()).to.eql(
      Object.keys(open.headers).sort(),
    );
    const toOwner = await mailsTo(other.email);
    const notice = toOwner.find(
      m =>
        m.message.headers.subject === 'Someone tried to use your email address',
    );
    expect(notice).to.not.be.undefined();
    expect(notice?.message.text).to.not.match(/token=/);
    expect(
      await linkTokensFromOutbox(
        app.config.dataDir,
        other.email,
        'confirm-email-change',
      ),
    ).to.be.empty();
  });

  it('answers 409 EMAIL_TAKEN when the address was taken meanwhile, changing nothing', async () => {
    const email = givenEmail('contested');
    const token = await givenPendingChange(email);
    const other = await givenSignedUpUser(client, {email});
    const res = await confirm(token).expect(409);
    expect(codeOf(res)).to.equal('EMAIL_TAKEN');
    const users = await app.getRepository(UserRepository);
    expect((await users.findById(user.id)).email).to.equal(user.email);
    expect((await users.findById(other.id)).email).to.equal(email);
  });

  it('drops a pending change when the owner resets the password or an admin sets the email', async () => {
    const viaReset = await givenPendingChange(givenEmail('thief'));
    const reset = await newLinkToken(
      app.config.dataDir,
      user.email,
      'reset-password',
      async () => {
        await client.post('/auth/password-reset').send({email: user.email});
        await idle();
      },
    );
    await client
      .post('/auth/password-reset/confirm')
      .send({token: reset, password: 'a brand new passphrase 11'})
      .expect(204);
    expect(codeOf(await confirm(viaReset).expect(400))).to.equal(
      'INVALID_EMAIL_TOKEN',
    );

    user.password = 'a brand new passphrase 11';
    bearer = `Bearer ${(await givenLogin(client, user)).access_token}`;
    const viaAdmin = await givenPendingChange(givenEmail('thief'));
    const admin = await app.get(IdentityBindings.USER_ADMIN_SERVICE);
    const restored = givenEmail('restored');
    await admin.update({userId: 'an-admin'}, user.id, {email: restored});
    expect(codeOf(await confirm(viaAdmin).expect(400))).to.equal(
      'INVALID_EMAIL_TOKEN',
    );
    const users = await app.getRepository(UserRepository);
    expect((await users.findById(user.id)).email).to.equal(restored);
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
