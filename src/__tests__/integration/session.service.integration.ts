import {expect} from '@loopback/testlab';
import {IdentityApplication} from '../../application';
import {AppError, OAuthError} from '../../errors';
import {IdentityBindings} from '../../keys';
import {
  AuditEventRepository,
  EmailTokenRepository,
  UserRepository,
} from '../../repositories';
import {ManualClock} from '../fixtures/manual-clock';
import {SessionService} from '../../services/tokens/session.service';
import {TokenService} from '../../services/tokens/token.service';
import {givenConfig} from '../fixtures/app';

describe('SessionService and TokenService (integration)', () => {
  let app: IdentityApplication;
  let clock: ManualClock;
  let sessions: SessionService;
  let tokens: TokenService;
  let userId: string;

  before(async () => {
    clock = new ManualClock(Date.UTC(2030, 0, 1));
    app = new IdentityApplication(givenConfig(), {clock});
    await app.boot();
    await app.migrateSchema();
    sessions = await app.get(IdentityBindings.SESSION_SERVICE);
    tokens = await app.get(IdentityBindings.TOKEN_SERVICE);
    const users = await app.getRepository(UserRepository);
    userId = (await users.create({email: `s-${Date.now()}@example.com`})).id;
  });
  after(() => app.stop());

  function givenSession() {
    return sessions.start(userId, {
      applicationId: 'web',
      authMethod: 'password',
    });
  }

  async function expectCode(promise: Promise<unknown>, code: string) {
    const err = await promise.then(
      () => undefined,
      e => e,
    );
    expect(err).to.be.ok();
    expect(
      err instanceof AppError ? err.code : (err as OAuthError).error,
    ).to.equal(code);
  }

  it('issues a token response whose access token verifies', async () => {
    const res = await givenSession();
    expect(res).to.containDeep({
      token_type: 'Bearer',
      expires_in: 900,
      user_id: userId,
    });
    const claims = await tokens.verifyAccessToken(res.access_token);
    expect(claims).to.containDeep({
      sub: userId,
      aud: 'web',
      iss: 'http://localhost:3000',
    });
  });

  it('expires access tokens after ACCESS_TOKEN_TTL', async () => {
    const res = await givenSession();
    clock.advance(901_000 + 5_000);
    await expectCode(
      tokens.verifyAccessToken(res.access_token),
      'INVALID_TOKEN',
    );
  });

  it('rotates refresh tokens and revokes the family on reuse', async () => {
    const first = await givenSession();
    const second = await sessions.refresh(first.refresh_token);
    expect(second.refresh_token).to.not.equal(first.refresh_token);
    await tokens.verifyAccessToken(second.access_token);
    await expectCode(sessions.refresh(first.refresh_token), 'invalid_grant');
    await expectCode(
      tokens.verifyAccessToken(second.access_token),
      'INVALID_TOKEN',
    );
    await expectCode(sessions.refresh(second.refresh_token), 'invalid_grant');
    const audit = await app.getRepository(AuditEventRepository);
    const events = await audit.find({
      where: {type: 'refresh_token.reused', userId},
    });
    expect(events.length).to.be.greaterThanOrEqual(1);
  });

  it('refuses a refresh token past REFRESH_TOKEN_TTL', async () => {
    const res = await givenSession();
    clock.advance(30 * 86400_000 + 1);
    await expectCode(sessions.refresh(res.refresh_token), 'invalid_grant');
  });

  it('makes access tokens fail at once when the session is revoked', async () => {
    const res = await givenSession();
    const claims = await tokens.verifyAccessToken(res.access_token);
    await sessions.revoke(claims.sid, 'logout');
    await expectCode(
      tokens.verifyAccessToken(res.access_token),
      'INVALID_TOKEN',
    );
    await expectCode(sessions.refresh(res.refresh_token), 'invalid_grant');
  });

  it('refuses a forged refresh token for a real session', async () => {
    const res = await givenSession();
    const [sid] = res.refresh_token.split('.');
    await expectCode(
      sessions.refresh(`${sid}.${'A'.repeat(43)}`),
      'invalid_grant',
    );
    // A guess is not a reuse: the real token still works.
    await sessions.refresh(res.refresh_token);
  });

  it('gives a session started later an id that sorts after an earlier one', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) ids.push(sessionId(await givenSession()));
    expect(ids).to.eql([...ids].sort());
    expect(ids.every(id => id[14] === '7')).to.be.true();
  });

  it('gives audit events and email tokens time-ordered ids, users random ones', async () => {
    const audit = await app.getRepository(AuditEventRepository);
    const emailTokens = await app.getRepository(EmailTokenRepository);
    const users = await app.getRepository(UserRepository);
    const event = await audit.create({type: 'logout', details: {}});
    const token = await emailTokens.create({
      userId,
      purpose: 'reset',
      tokenHash: `hash-${Date.now()}`,
      expiresAt: new Date(clock.now() + 3600_000),
    });
    const user = await users.create({email: `v4-${Date.now()}@example.com`});
    expect([event.id[14], token.id[14], user.id[14]]).to.eql(['7', '7', '4']);
  });
});

/** The session a token response belongs to: its refresh token names it. */
function sessionId(res: {refresh_token?: string}): string {
  return res.refresh_token!.split('.')[0]!;
}
