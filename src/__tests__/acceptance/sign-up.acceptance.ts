import {Client, expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {PasswordCredentialRepository} from '../../repositories';
import {
  codeOf,
  givenEmail,
  givenSignedUpUser,
  GOOD_PASSWORD,
  linkTokenFromOutbox,
} from '../fixtures/accounts';
import {withoutRequestLimits} from '../../services/abuse/rate-limit-settings';
import {givenRunningApp, removeDataDir} from '../fixtures/app';

describe('POST /users (acceptance)', () => {
  let app: IdentityApplication;
  let client: Client;
  let dataDir: string;

  before(async () => {
    // Rate limits have their own suite; these tests race sign-ups on purpose.
    ({app, client} = await givenRunningApp(
      {},
      {rateLimits: withoutRequestLimits()},
    ));
    dataDir = app.config.dataDir;
  });
  after(async () => {
    await app.stop();
    removeDataDir(dataDir);
  });

  it('creates the user with a lower-case email and no secret, 201', async () => {
    const email = givenEmail('Mixed').replace('mixed', 'MiXeD');
    const res = await client
      .post('/users')
      .send({
        email,
        password: GOOD_PASSWORD,
        username: 'ann.b-c_1',
        name: 'Ann',
      })
      .expect(201);
    expect(res.body).to.containDeep({
      email: email.toLowerCase(),
      emailVerified: false,
      username: 'ann.b-c_1',
      name: 'Ann',
      roles: [],
      disabled: false,
    });
    expect(res.body.id).to.match(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(res.body)).to.not.match(/argon2|hash/i);
    const passwords = await app.getRepository(PasswordCredentialRepository);
    const stored = await passwords.findOne({where: {userId: res.body.id}});
    expect(stored?.hash).to.startWith('$argon2id$');
  });

  it('mails a verification link to the new address', async () => {
    const user = await givenSignedUpUser(client);
    const token = await linkTokenFromOutbox(
      dataDir,
      user.email,
      'verify-email',
    );
    expect(token).to.have.length(43);
  });

  it('does not sign in: no token in the answer', async () => {
    const res = await client
      .post('/users')
      .send({email: givenEmail(), password: GOOD_PASSWORD})
      .expect(201);
    expect(res.body).to.not.have.properties('access_token', 'refresh_token');
  });

  it('answers 409 EMAIL_TAKEN for a taken email in any case', async () => {
    const user = await givenSignedUpUser(client);
    const res = await client
      .post('/users')
      .send({email: user.email.toUpperCase(), password: GOOD_PASSWORD})
      .expect(409);
    expect(codeOf(res)).to.equal('EMAIL_TAKEN');
  });

  it('answers 409 USERNAME_TAKEN for a taken username', async () => {
    const user = await givenSignedUpUser(client);
    const res = await client
      .post('/users')
      .send({
        email: givenEmail(),
        password: GOOD_PASSWORD,
        username: user.username,
      })
      .expect(409);
    expect(codeOf(res)).to.equal('USERNAME_TAKEN');
  });

  it('answers 422 WEAK_PASSWORD with the reason', async () => {
    const short = await client
      .post('/users')
      .send({email: givenEmail(), password: 'short'})
      .expect(422);
    expect(short.body.error).to.containDeep({
      code: 'WEAK_PASSWORD',
      details: {reason: 'TOO_SHORT'},
    });
    const common = await client
      .post('/users')
      .send({email: givenEmail(), password: 'password123'})
      .expect(422);
    expect(common.body.error).to.containDeep({
      code: 'WEAK_PASSWORD',
      details: {reason: 'COMMON'},
    });
  });

  for (const [label, body] of [
    ['an invalid email', {email: 'not-an-email', password: GOOD_PASSWORD}],
    [
      'an email with two recipients',
      {email: 'a@x.com,b@y.com', password: GOOD_PASSWORD},
    ],
    [
      'a short username',
      {email: 'x@example.com', password: GOOD_PASSWORD, username: 'ab'},
    ],
    [
      'an email as username',
      {email: 'x@example.com', password: GOOD_PASSWORD, username: 'a@b.co'},
    ],
    [
      'a long username',
      {
        email: 'x@example.com',
        password: GOOD_PASSWORD,
        username: 'a'.repeat(33),
      },
    ],
    [
      'roles in the body',
      {email: 'x@example.com', password: GOOD_PASSWORD, roles: ['admin']},
    ],
    [
      'emailVerified in the body',
      {email: 'x@example.com', password: GOOD_PASSWORD, emailVerified: true},
    ],
    ['a where-operator email', {email: {neq: null}, password: GOOD_PASSWORD}],
    ['no password', {email: 'x@example.com'}],
  ] as const) {
    it(`answers 422 VALIDATION_FAILED for ${label}`, async () => {
      const res = await client.post('/users').send(body).expect(422);
      expect(codeOf(res)).to.equal('VALIDATION_FAILED');
    });
  }

  it('lets exactly one of 20 concurrent sign-ups with one email succeed', async () => {
    const email = givenEmail('race');
    const responses = await Promise.all(
      Array.from({length: 20}, (_, i) =>
        client.post('/users').send({email, password: `${GOOD_PASSWORD} ${i}`}),
      ),
    );
    const statuses = responses.map(r => r.status).sort();
    expect(statuses.filter(s => s === 201)).to.have.length(1);
    expect(statuses.filter(s => s === 409)).to.have.length(19);
    for (const res of responses.filter(r => r.status === 409)) {
      expect(codeOf(res)).to.equal('EMAIL_TAKEN');
    }
  });
});
