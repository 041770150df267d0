import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {IdentityBindings} from '../../keys';
import {UserRepository} from '../../repositories';
import {
  codeOf,
  givenEmail,
  givenLogin,
  givenSignedUpUser,
  linkTokensFromOutbox,
  newLinkToken,
  SignedUpUser,
} from '../fixtures/accounts';
import {givenEmailChangeScene} from '../fixtures/email-change';

describe('changing one’s email address: conflicts (acceptance)', () => {
  const scene = givenEmailChangeScene();
  const {idle, mailsTo, requestChange, givenPendingChange, confirm} = scene;
  let app: IdentityApplication;
  let client: Client;
  let user: SignedUpUser;
  beforeEach(() => ({app, client, user} = scene));

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
    scene.bearer = `Bearer ${(await givenLogin(client, user)).access_token}`;
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
});
