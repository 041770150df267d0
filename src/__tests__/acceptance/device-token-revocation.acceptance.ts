import {expect} from '@loopback/testlab';
import {IdentityBindings} from '../../keys';
import {linkTokenFromOutbox} from '../fixtures/accounts';
import {UserRepository} from '../../repositories';
import {
  basic,
  givenAccessToken,
  GuardApp,
  GOOD_PASSWORD,
  guardAppPerTest,
} from '../fixtures/guard';
import {
  givenLockoutApp,
  lockOut,
  lockoutOptions,
  loginFrom,
  OWNER_IP,
  STRANGER_IP,
} from '../fixtures/device-tokens';

const NEW_PASSWORD = 'a brand new passphrase 11';

type Response = Awaited<ReturnType<GuardApp['client']['get']>>;

/**
 * A device token is as good as the password it was signed in with: once
 * the password changes, a token from before (held, say, by someone who
 * knew the old one) is ignored exactly like a forged one, so it no longer
 * escapes the account's lock-out.
 */
describe('Device tokens end when the password changes (acceptance)', () => {
  const start = guardAppPerTest();
  const givenApp = () => givenLockoutApp(start);

  /** A sign-in from `ip`, with the device token if given. */
  function login(
    client: GuardApp['client'],
    body: object,
    ip: string,
    deviceToken?: string,
  ) {
    const headers = deviceToken ? {'Device-Token': deviceToken} : undefined;
    return loginFrom(client, body, ip, headers);
  }

  /** The device token a password sign-in from the owner's address gets. */
  async function signInForToken(
    client: GuardApp['client'],
    email: string,
    password = GOOD_PASSWORD,
  ): Promise<string> {
    const res = await login(client, {login: email, password}, OWNER_IP);
    expect(res.status).to.equal(200);
    return res.headers['device-token'] as string;
  }

  async function changeOwnPassword(client: GuardApp['client'], email: string) {
    await client
      .put('/users/me/password')
      .set('X-Forwarded-For', OWNER_IP)
      .set('Authorization', basic(email, GOOD_PASSWORD))
      .send({currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD})
      .expect(204);
  }

  async function resetByEmailLink({app, client}: GuardApp, email: string) {
    const flow = await app.get(IdentityBindings.EMAIL_FLOW_SERVICE);
    await client.post('/auth/password-reset').send({email}).expect(202);
    await flow.whenIdle();
    const dataDir = app.config.dataDir;
    const token = await linkTokenFromOutbox(dataDir, email, 'reset-password');
    await client
      .post('/auth/password-reset/confirm')
      .send({token, password: NEW_PASSWORD})
      .expect(204);
  }

  /** What a client sees of a response: all but the per-response headers. */
  function seen(res: Response) {
    const {
      date,
      'x-request-id': requestId,
      ...headers
    } = res.headers as Record<string, unknown>;
    expect(date).to.be.a.String();
    expect(requestId).to.be.a.String();
    return {status: res.status, headers, body: res.body as unknown};
  }

  const changes: [string, (r: GuardApp, email: string) => Promise<void>][] = [
    ['the owner changes it', (r, email) => changeOwnPassword(r.client, email)],
    ['it is reset by an email link', resetByEmailLink],
  ];
  for (const [how, change] of changes) {
    it(`drops a device token from before, when ${how}`, async () => {
      const {app, client, user} = await givenApp();
      // Someone who knew the old password kept this token.
      const before = await signInForToken(client, user.email);
      await change({app, client}, user.email);
      await lockOut(client, user.email);

      // Even with the new password, the old token is no way past the lock.
      const good = {login: user.email, password: NEW_PASSWORD};
      const res = await login(client, good, STRANGER_IP, before).expect(401);
      expect(res.body.error.code).to.equal('INVALID_CREDENTIALS');
      await client
        .get(`/users/${user.id}/roles`)
        .set('Device-Token', before)
        .set('Authorization', basic(user.email, NEW_PASSWORD))
        .expect(401);
    });
  }

  it('drops a device token from before a first password is set', async () => {
    const {app, client} = await start(lockoutOptions());
    const users = await app.getRepository(UserRepository);
    const email = `provider-only-${Date.now()}@example.com`;
    const user = await users.create({email, emailVerified: true});
    // The token a passkey sign-in hands an account without a password.
    const devices = await app.get(IdentityBindings.DEVICE_TOKEN_SERVICE);
    const before = devices.issue(user);
    await client
      .post('/users/me/password')
      .set('Authorization', `Bearer ${await givenAccessToken(app, user.id)}`)
      .send({newPassword: NEW_PASSWORD})
      .expect(204);
    await lockOut(client, email);

    const good = {login: email, password: NEW_PASSWORD};
    await login(client, good, STRANGER_IP, before).expect(401);
  });

  it('keeps a device token from after the change working', async () => {
    const {client, user} = await givenApp();
    const before = await signInForToken(client, user.email);
    await changeOwnPassword(client, user.email);
    const after = await signInForToken(client, user.email, NEW_PASSWORD);
    expect(after).to.not.equal(before);
    expect(after).to.startWith(`d2.${user.id}.`);
    await lockOut(client, user.email);

    const good = {login: user.email, password: NEW_PASSWORD};
    const res = await login(client, good, OWNER_IP, after).expect(200);
    expect(res.headers['device-token']).to.equal(after);
    await client
      .get(`/users/${user.id}/roles`)
      .set('Device-Token', after)
      .set('Authorization', basic(user.email, NEW_PASSWORD))
      .expect(200);
  });

  it('answers a stale or forged token exactly as no token', async () => {
    const {client, user} = await givenApp();
    const stale = await signInForToken(client, user.email);
    await changeOwnPassword(client, user.email);
    const [, , nonce] = stale.split('.');
    const presented = {
      none: undefined,
      stale,
      forged: `d2.${user.id}.${nonce}.${'A'.repeat(43)}`,
      // The same token under the format before epochs.
      d1: stale.replace(/^d2\./, 'd1.'),
    };

    // Outside a lock: a sign-in with any of them is handed a new token.
    for (const token of Object.values(presented)) {
      const res = await client
        .get(`/users/${user.id}/roles`)
        .set('Authorization', basic(user.email, NEW_PASSWORD))
        .set(token ? {'Device-Token': token} : {})
        .expect(200);
      expect(res.headers['device-token']).to.startWith(`d2.${user.id}.`);
      expect(res.headers['device-token']).to.not.equal(token);
    }

    // During a lock: the same refusal, headers and body alike.
    await lockOut(client, user.email);
    const answers = [];
    for (const token of Object.values(presented)) {
      const good = {login: user.email, password: NEW_PASSWORD};
      answers.push(seen(await login(client, good, OWNER_IP, token)));
    }
    expect(answers[0]!.status).to.equal(401);
    for (const answer of answers) expect(answer).to.eql(answers[0]);
  });
});
