import {expect} from '@loopback/testlab';
import {IdentityBindings} from '../../keys';
import {AuditEventRepository, SessionRepository} from '../../repositories';
import {
  basic,
  givenGuardApp,
  GuardApp,
  givenUser,
  GOOD_PASSWORD,
} from '../fixtures/guard';
import {ManualClock} from '../fixtures/manual-clock';
import {
  claimsOf,
  givenConfirmedFactor,
  MULTI_FACTOR,
  signIn,
  stepUp,
} from '../fixtures/step-up';

const SINGLE_FACTOR = 'urn:identity-service:acr:single-factor';

/**
 * How each session signed in (DESIGN §9): GET /sessions shows authMethod,
 * amr, acr and authTime, a step-up changes them, and sessions written
 * before they were recorded fall back to their first factor and creation.
 * Step-ups are audited, their wrong proofs lock out like sign-ins, and
 * HTTP Basic (no session) cannot step up.
 */
describe('Sessions and step-up: amr, acr, audit, lock-out (acceptance)', () => {
  let running: GuardApp;
  let clock: ManualClock;

  before(async () => {
    clock = new ManualClock(Date.now());
    running = await givenGuardApp({
      clock,
      rateLimits: {lockout: {threshold: 3, stepsSec: [60]}},
    });
  });
  after(() => running.app.stop());

  const sessionsOf = (token: string) =>
    running.client
      .get('/sessions')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);

  it('shows how each session signed in, and its step-up', async () => {
    const user = await givenUser(running.app);
    const tokens = await signIn(running.client, user.email);
    const signedInAt = new Date(clock.now()).toISOString();
    const [before] = (await sessionsOf(tokens.access_token)).body;
    expect(before).to.containDeep({
      authMethod: 'password',
      amr: ['pwd'],
      acr: SINGLE_FACTOR,
      authTime: signedInAt,
      current: true,
    });

    const codes = await givenConfirmedFactor(running.app, user.id);
    clock.advance(90_000);
    const renewed = await stepUp(running.client, tokens.access_token, {
      method: 'recovery_code',
      code: codes[0],
    }).expect(200);
    const [after] = (await sessionsOf(renewed.body.access_token)).body;
    expect(after).to.containDeep({
      id: before.id,
      authMethod: 'password',
      amr: ['pwd', 'otp', 'mfa'],
      acr: MULTI_FACTOR,
      authTime: new Date(clock.now()).toISOString(),
    });
    const one = await running.client
      .get(`/sessions/${before.id}`)
      .set('Authorization', `Bearer ${renewed.body.access_token}`)
      .expect(200);
    expect(one.body.acr).to.equal(MULTI_FACTOR);
  });

  it('falls back to the first factor and creation for sessions without amr', async () => {
    const user = await givenUser(running.app);
    const tokens = await signIn(running.client, user.email);
    const sid = claimsOf(tokens.access_token).sid as string;
    const sessions = await running.app.getRepository(SessionRepository);
    await sessions.updateById(sid, {amr: null, authTime: null} as object);
    const created = (await sessions.findById(sid)).created;
    const res = await running.client
      .get(`/sessions/${sid}`)
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .expect(200);
    expect(res.body).to.containDeep({
      amr: ['pwd'],
      acr: SINGLE_FACTOR,
      authTime: new Date(created).toISOString(),
    });
  });

  it('audits step-ups, and counts wrong passwords toward the account lock-out', async () => {
    const user = await givenUser(running.app);
    const {access_token: token} = await signIn(running.client, user.email);
    for (let i = 0; i < 3; i++) {
      const wrong = await stepUp(running.client, token, {
        method: 'password',
        password: `wrong ${i}`,
      }).expect(403);
      expect(wrong.body.error.code).to.equal('INVALID_CURRENT_PASSWORD');
    }
    const locked = await stepUp(running.client, token, {
      method: 'password',
      password: GOOD_PASSWORD,
    }).expect(403);
    expect(locked.body.error.code).to.equal('INVALID_CURRENT_PASSWORD');
    const login = await running.client
      .post('/auth/login')
      .send({login: user.email, password: GOOD_PASSWORD})
      .expect(401);
    expect(login.body.error.code).to.equal('INVALID_CREDENTIALS');

    clock.advance(61_000);
    await stepUp(running.client, token, {
      method: 'password',
      password: GOOD_PASSWORD,
    }).expect(200);
    const audit = await running.app.getRepository(AuditEventRepository);
    const events = await audit.find({where: {userId: user.id}});
    const types = events.map(e => e.type);
    expect(types.filter(t => t === 'step_up.failed')).to.have.length(4);
    expect(types.filter(t => t === 'step_up.succeeded')).to.have.length(1);
  });

  it('counts wrong codes toward the second step lock-out', async () => {
    const user = await givenUser(running.app);
    const {access_token: token} = await signIn(running.client, user.email);
    const codes = await givenConfirmedFactor(running.app, user.id);
    for (let i = 0; i < 3; i++) {
      const wrong = await stepUp(running.client, token, {
        method: 'recovery_code',
        code: `AAAA-BBBB-CCC${i}`,
      }).expect(401);
      expect(wrong.body.error.code).to.equal('INVALID_MFA_CODE');
    }
    const locked = await stepUp(running.client, token, {
      method: 'recovery_code',
      code: codes[0],
    }).expect(429);
    expect(locked.body.error.code).to.equal('RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).to.be.above(0);
  });

  it('refuses HTTP Basic: it has no session to step up', async () => {
    const user = await givenUser(running.app);
    const res = await running.client
      .post('/auth/step-up')
      .set('Authorization', basic(user.email, GOOD_PASSWORD))
      .send({method: 'password', password: GOOD_PASSWORD})
      .expect(403);
    expect(res.body.error.code).to.equal('FORBIDDEN');
  });

  it('a step-up that loses a race with a refresh is refused, and revokes nothing', async () => {
    const user = await givenUser(running.app);
    const tokens = await signIn(running.client, user.email);
    const sid = claimsOf(tokens.access_token).sid as string;
    const rows = await running.app.getRepository(SessionRepository);
    const read = await rows.findById(sid);
    const sessions = await running.app.get(IdentityBindings.SESSION_SERVICE);
    await sessions.refresh(tokens.refresh_token);
    await expect(
      sessions.rotate(
        {session: read, token: {digest: read.refreshTokenHash}},
        {reauthenticated: {amr: ['pwd'], authTime: new Date(clock.now())}},
      ),
    ).to.be.rejectedWith({code: 'CONFLICT'});
    expect((await rows.findById(sid)).revokedAt ?? undefined).to.be.undefined();
  });
});
