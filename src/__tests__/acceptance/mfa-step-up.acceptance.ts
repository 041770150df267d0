import {Client, expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {UserIdentityRepository} from '../../repositories';
import {givenGuardApp, GuardApp, givenUser} from '../fixtures/guard';
import {ManualClock} from '../fixtures/manual-clock';
import {
  Answer,
  claimsOf,
  expectChallenge,
  givenConfirmedFactor,
  MULTI_FACTOR,
  signIn,
  stepUp,
  STEP_UP_MAX_AGE,
} from '../fixtures/step-up';
import {GOOD_PASSWORD} from '../fixtures/guard';

const NEW_PASSWORD = 'another horse battery staple 77';

/** What a sensitive route needs: the call, given the scene, and its answer. */
interface SensitiveRoute {
  name: string;
  call(client: Client, bearer: string, scene: Scene): Promise<Answer>;
  ok: number;
}

interface Scene {
  userId: string;
  identityId: string;
  applicationId: string;
}

const ROUTES: SensitiveRoute[] = [
  {
    name: 'PUT /users/me/password',
    call: (client, bearer) =>
      client
        .put('/users/me/password')
        .set('Authorization', bearer)
        .send({currentPassword: GOOD_PASSWORD, newPassword: NEW_PASSWORD}),
    ok: 204,
  },
  {
    name: 'DELETE /users/me',
    call: (client, bearer) =>
      client
        .delete('/users/me')
        .set('Authorization', bearer)
        .send({password: GOOD_PASSWORD}),
    ok: 204,
  },
  {
    name: 'DELETE /users/me/identities/{id}',
    call: (client, bearer, scene) =>
      client
        .delete(`/users/me/identities/${scene.identityId}`)
        .set('Authorization', bearer),
    ok: 204,
  },
  {
    name: 'POST /applications/{id}/secret',
    call: (client, bearer, scene) =>
      client
        .post(`/applications/${scene.applicationId}/secret`)
        .set('Authorization', bearer),
    ok: 200,
  },
];

/**
 * Step-up (RFC 9470, DESIGN §9): sensitive routes refuse a sign-in older
 * than STEP_UP_MAX_AGE, or one without the account's second factor, with
 * the exact challenge; POST /auth/step-up renews the same session, and the
 * route then passes with the new token.
 */
describe('Step-up of sensitive operations (acceptance)', () => {
  let running: GuardApp;
  let clock: ManualClock;

  before(async () => {
    clock = new ManualClock(Date.now());
    running = await givenGuardApp({clock});
  });
  after(() => running.app.stop());

  async function givenScene(): Promise<Scene & {email: string}> {
    const user = await givenUser(running.app);
    const identities = await running.app.getRepository(UserIdentityRepository);
    const identity = await identities.create({
      userId: user.id,
      provider: 'facebook',
      authScheme: 'oAuth 2.0',
      externalId: randomUUID(),
      profile: {},
    });
    const {access_token: token} = await signIn(running.client, user.email);
    const app = await running.client
      .post('/applications')
      .set('Authorization', `Bearer ${token}`)
      .send({
        name: 'Server app',
        type: 'confidential',
        redirectUris: ['https://app.example.com/cb'],
      })
      .expect(201);
    return {
      userId: user.id,
      email: user.email,
      identityId: identity.id,
      applicationId: app.body.id,
    };
  }

  for (const route of ROUTES) {
    it(`${route.name}: an aged sign-in is challenged, and passes after a step-up`, async () => {
      const scene = await givenScene();
      const tokens = await signIn(running.client, scene.email);
      clock.advance((STEP_UP_MAX_AGE + 1) * 1000);
      const aged = await route.call(
        running.client,
        `Bearer ${tokens.access_token}`,
        scene,
      );
      expectChallenge(aged, 'recent');

      const renewed = await stepUp(running.client, tokens.access_token, {
        method: 'password',
        password: GOOD_PASSWORD,
      }).expect(200);
      expect(renewed.headers['cache-control']).to.match(/no-store/);
      const claims = claimsOf(renewed.body.access_token);
      expect(claims.sid).to.equal(claimsOf(tokens.access_token).sid);
      expect(claims.auth_time).to.equal(Math.floor(clock.now() / 1000));
      expect(claims.amr).to.eql(['pwd']);
      const done = await route.call(
        running.client,
        `Bearer ${renewed.body.access_token}`,
        scene,
      );
      expect(done.status).to.equal(route.ok);
    });
  }

  it('a fresh sign-in passes at once (no step-up needed)', async () => {
    const scene = await givenScene();
    const tokens = await signIn(running.client, scene.email);
    const res = await ROUTES[3]!.call(
      running.client,
      `Bearer ${tokens.access_token}`,
      scene,
    );
    expect(res.status).to.equal(200);
  });

  it('an account with a factor: a password does not do, its second factor does', async () => {
    const scene = await givenScene();
    // Signed in before the factor was enrolled: fresh, but one factor.
    const tokens = await signIn(running.client, scene.email);
    const codes = await givenConfirmedFactor(running.app, scene.userId);
    const bearer = `Bearer ${tokens.access_token}`;
    const refused = await ROUTES[0]!.call(running.client, bearer, scene);
    expectChallenge(refused, 'secondFactor');

    const password = await stepUp(running.client, tokens.access_token, {
      method: 'password',
      password: GOOD_PASSWORD,
    }).expect(403);
    expect(password.body.error.code).to.equal('MFA_REQUIRED');
    expect(password.body.error.details.methods).to.eql([
      'totp',
      'recovery_code',
    ]);
    const stillRefused = await ROUTES[0]!.call(running.client, bearer, scene);
    expect(stillRefused.status).to.equal(401);

    const renewed = await stepUp(running.client, tokens.access_token, {
      method: 'recovery_code',
      code: codes[0],
    }).expect(200);
    const claims = claimsOf(renewed.body.access_token);
    expect(claims.amr).to.eql(['pwd', 'otp', 'mfa']);
    expect(claims.acr).to.equal(MULTI_FACTOR);
    const done = await ROUTES[0]!.call(
      running.client,
      `Bearer ${renewed.body.access_token}`,
      scene,
    );
    expect(done.status).to.equal(204);

    // Multi-factor but aged: only recency is asked again.
    clock.advance((STEP_UP_MAX_AGE + 1) * 1000);
    const aged = await ROUTES[3]!.call(
      running.client,
      `Bearer ${renewed.body.access_token}`,
      scene,
    );
    expectChallenge(aged, 'recent');
  });

  it('rotates the refresh token: the new one refreshes with the new auth_time, the old one is spent', async () => {
    const scene = await givenScene();
    const tokens = await signIn(running.client, scene.email);
    clock.advance(60_000);
    const renewed = await stepUp(running.client, tokens.access_token, {
      method: 'password',
      password: GOOD_PASSWORD,
    }).expect(200);
    expect(renewed.body.refresh_token).to.not.equal(tokens.refresh_token);
    const refreshed = await running.client
      .post('/auth/token')
      .type('form')
      .send({
        grant_type: 'refresh_token',
        refresh_token: renewed.body.refresh_token,
      })
      .expect(200);
    expect(claimsOf(refreshed.body.access_token).auth_time).to.equal(
      Math.floor(clock.now() / 1000),
    );
    const old = await running.client
      .post('/auth/token')
      .type('form')
      .send({grant_type: 'refresh_token', refresh_token: tokens.refresh_token})
      .expect(400);
    expect(old.body.error).to.equal('invalid_grant');
  });

  it('refuses a method the account lacks, and a body mixing proofs', async () => {
    const scene = await givenScene();
    const {access_token: token} = await signIn(running.client, scene.email);
    const totp = await stepUp(running.client, token, {
      method: 'totp',
      code: '123456',
    }).expect(400);
    expect(totp.body.error.code).to.equal('INVALID_REQUEST');
    expect(totp.body.error.details.methods).to.eql(['password']);
    const mixed = await stepUp(running.client, token, {
      method: 'password',
      password: GOOD_PASSWORD,
      code: '123456',
    }).expect(400);
    expect(mixed.body.error.code).to.equal('INVALID_REQUEST');
  });
});
