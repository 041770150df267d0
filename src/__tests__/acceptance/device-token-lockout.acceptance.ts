import {expect} from '@loopback/testlab';
import {
  basic,
  givenUser,
  GOOD_PASSWORD,
  guardAppPerTest,
} from '../fixtures/guard';
import {
  deviceCookie,
  expectSignInAnswer,
  givenLockoutApp,
  lockOut,
  loginFrom,
  OWNER_IP,
} from '../fixtures/device-tokens';

/**
 * OWASP's device cookies: wrong passwords from strangers lock out untrusted
 * attempts only, never a device the owner signed in from.
 */
describe('Lock-out spares the owner’s devices (acceptance)', () => {
  const start = guardAppPerTest();
  const givenApp = (env: Record<string, string> = {}) =>
    givenLockoutApp(start, env);

  it('lets the owner’s device sign in after a stranger’s guesses lock the account', async () => {
    const {client, user} = await givenApp();
    const good = {login: user.email, password: GOOD_PASSWORD};
    const first = await loginFrom(client, good, OWNER_IP).expect(200);
    expectSignInAnswer(first);
    const cookie = deviceCookie(first);
    const token = first.headers['device-token'] as string;
    expect(cookie).to.equal(`device-token=${token}`);

    await lockOut(client, user.email);

    // JSON login and Basic login with the cookie, Basic with the header.
    await loginFrom(client, good, OWNER_IP, {Cookie: cookie}).expect(200);
    await client
      .post('/auth/login')
      .set('X-Forwarded-For', OWNER_IP)
      .set('Cookie', cookie)
      .set('Authorization', basic(user.email, GOOD_PASSWORD))
      .expect(200);
    await client
      .get(`/users/${user.id}/roles`)
      .set('Device-Token', token)
      .set('Authorization', basic(user.email, GOOD_PASSWORD))
      .expect(200);

    // Without the device token the owner is locked out as before.
    const untrusted = await loginFrom(client, good, OWNER_IP).expect(401);
    expect(untrusted.body.error.code).to.equal('INVALID_CREDENTIALS');
  });

  it('ignores a forged device token and one of another user', async () => {
    const {app, client, user} = await givenApp();
    const other = await givenUser(app);
    const theirs = await loginFrom(
      client,
      {login: other.email, password: GOOD_PASSWORD},
      OWNER_IP,
    ).expect(200);
    const otherToken = theirs.headers['device-token'] as string;
    const own = await loginFrom(
      client,
      {login: user.email, password: GOOD_PASSWORD},
      OWNER_IP,
    ).expect(200);
    const ownToken = own.headers['device-token'] as string;
    await lockOut(client, user.email);

    const [version, , nonce] = ownToken.split('.');
    const forged = [
      otherToken,
      otherToken.replace(other.id, user.id),
      `${version}.${user.id}.${nonce}.${'A'.repeat(43)}`,
      'garbage',
    ];
    for (const token of forged) {
      const res = await loginFrom(
        client,
        {login: user.email, password: GOOD_PASSWORD},
        OWNER_IP,
        {'Device-Token': token},
      ).expect(401);
      expect(res.body.error.code).to.equal('INVALID_CREDENTIALS');
    }
    await client
      .post('/auth/login')
      .set('Device-Token', ownToken)
      .send({login: user.email, password: GOOD_PASSWORD})
      .expect(200);
  });

  it('locks out a device token by its own failures, and that device only', async () => {
    const {client, user} = await givenApp();
    const good = {login: user.email, password: GOOD_PASSWORD};
    const tokenOf = async () =>
      (await loginFrom(client, good, OWNER_IP).expect(200)).headers[
        'device-token'
      ] as string;
    const stolen = await tokenOf();
    const kept = await tokenOf();
    expect(stolen).to.not.equal(kept);

    const withToken = (token: string, password: string) =>
      client
        .get(`/users/${user.id}/roles`)
        .set('Device-Token', token)
        .set('Authorization', basic(user.email, password));
    for (let i = 0; i < 3; i++) {
      await withToken(stolen, `guess ${i}`).expect(401);
    }
    const locked = await withToken(stolen, GOOD_PASSWORD).expect(401);
    expect(locked.body.error.code).to.equal('INVALID_CREDENTIALS');
    // Another device, and untrusted attempts, are unaffected.
    await withToken(kept, GOOD_PASSWORD).expect(200);
    await loginFrom(client, good, OWNER_IP).expect(200);
  });

  it('hands Basic clients a device token in a header, once', async () => {
    const {client, user} = await givenApp();
    const roles = () =>
      client
        .get(`/users/${user.id}/roles`)
        .set('Authorization', basic(user.email, GOOD_PASSWORD));
    const first = await roles().expect(200);
    const token = first.headers['device-token'] as string;
    expect(token).to.startWith(`d2.${user.id}.`);
    expect(first.headers['set-cookie']).to.be.undefined();
    const again = await roles().set('Device-Token', token).expect(200);
    expect(again.headers['device-token']).to.be.undefined();
  });

  it('sets the cookie HttpOnly, SameSite=Lax, for /auth, Secure on https', async () => {
    const {client, user} = await givenApp({
      BASE_URL: 'https://id.example.com',
    });
    const res = await loginFrom(
      client,
      {login: user.email, password: GOOD_PASSWORD},
      OWNER_IP,
    ).expect(200);
    const cookie = ((res.headers['set-cookie'] ?? []) as string[]).find(c =>
      c.startsWith('__Secure-device-token='),
    );
    expect(cookie).to.match(/; Path=\/auth(;|$)/);
    expect(cookie).to.match(/; HttpOnly/);
    expect(cookie).to.match(/; Secure/);
    expect(cookie).to.match(/; SameSite=Lax/);
  });
});
