import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {MfaFactor} from '../../models';
import {MfaFactorRepository, UserRepository} from '../../repositories';
import {AppError} from '../../errors';
import {AuditService} from '../../services/platform/audit.service';
import {SecretBox} from '../../services/platform/secret-box.service';
import {MemoryStore} from '../../services/store/memory-store';
import {newTotpSecret} from '../../services/mfa/totp-codes';
import {TotpVerifierService} from '../../services/mfa/totp-verifier.service';
import {TEST_APP_SECRET} from '../fixtures/app';
import {ManualClock} from '../fixtures/manual-clock';
import {CapturedLogger, givenCapturedLogger} from '../fixtures/captured-logger';
import {totpCode} from '../fixtures/mfa-totp';
import {resolveRepositories} from '../fixtures/repositories';

const STEP_MS = 30_000;
/** The first instant of a time step, far from any test's real time. */
const STEP_START = Math.floor(Date.UTC(2030, 0, 1) / STEP_MS) * STEP_MS;

describe('TOTP verifier (unit)', () => {
  let clock: ManualClock;
  let factors: MfaFactorRepository;
  let store: MemoryStore;
  let verifier: TotpVerifierService;
  let factor: MfaFactor;
  let secret: string;
  const box = new SecretBox(TEST_APP_SECRET);
  /** APP_SECRET as it was before an operator changed it. */
  const oldBox = new SecretBox('an-earlier-app-secret-of-32-chars-or-more');
  let audited: {type: string; details?: Record<string, unknown>}[];
  let logs: CapturedLogger;

  beforeEach(async () => {
    clock = new ManualClock(STEP_START + 12_000);
    const db = new juggler.DataSource({name: 'db', connector: 'memory'});
    ({factors} = await resolveRepositories(
      {factors: MfaFactorRepository, users: UserRepository},
      db,
      clock,
    ));
    store = new MemoryStore(clock);
    audited = [];
    const audit = {
      record: async (type: string, entry: {details?: object} = {}) => {
        audited.push({type, details: entry.details as Record<string, unknown>});
      },
    } as unknown as AuditService;
    logs = givenCapturedLogger();
    verifier = new TotpVerifierService(
      factors,
      store,
      box,
      clock,
      audit,
      logs.logger,
    );
    secret = newTotpSecret();
    factor = await factors.create({
      userId: 'u1',
      type: 'totp',
      name: 'Phone',
      secret: verifier.seal(secret),
      confirmedAt: new Date(clock.now()),
    });
  });
  afterEach(() => store.close());

  /** The code of the step `offset` steps from the clock's. */
  function codeAt(offset: number): Promise<string> {
    return totpCode(secret, clock.now() + offset * STEP_MS);
  }

  async function verify(code: string, userId = 'u1'): Promise<string[]> {
    return verifier.verify(userId, {method: 'totp', code});
  }

  async function refused(code: string, userId = 'u1'): Promise<void> {
    const err = await verify(code, userId).catch(e => e);
    expect(err).to.be.instanceOf(AppError);
    expect((err as AppError).code).to.equal('INVALID_MFA_CODE');
  }

  for (const [edge, offsetMs] of [
    ['first second', 0],
    ['middle', 12_000],
    ['last second', 29_999],
  ] as const) {
    it(`accepts the codes of the step before, now and after, at the ${edge} of a step; refuses two steps away`, async () => {
      clock.advance(STEP_START + offsetMs - clock.now());
      await refused(await codeAt(-2));
      await refused(await codeAt(2));
      for (const offset of [-1, 0, 1]) {
        expect(await verify(await codeAt(offset))).to.eql(['otp']);
      }
    });
  }

  it('accepts a code once: the same code again is refused, within its window', async () => {
    const code = await codeAt(0);
    await verify(code);
    await refused(code);
    clock.advance(STEP_MS);
    await refused(code);
    // The next step's code is a new one.
    expect(await verify(await codeAt(0))).to.eql(['otp']);
  });

  it('refuses wrong codes, malformed ones, and another user’s factor', async () => {
    const right = await codeAt(0);
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0');
    await refused(wrong);
    for (const malformed of ['', '12345', '1234567', 'abcdef', '12345x']) {
      await refused(malformed);
    }
    await refused(right, 'u2');
    // None of those spent the right code.
    expect(await verify(right)).to.eql(['otp']);
  });

  it('reads a code typed with spaces, as apps show it', async () => {
    const code = await codeAt(0);
    expect(await verify(`${code.slice(0, 3)} ${code.slice(3)}`)).to.eql([
      'otp',
    ]);
  });

  it('does not sign in with an enrolment not yet confirmed', async () => {
    await factors.updateById(factor.id, {confirmedAt: undefined});
    await refused(await codeAt(0));
  });

  it('confirms a pending factor with its code, once', async () => {
    await factors.updateById(factor.id, {confirmedAt: undefined});
    const pending = await factors.findById(factor.id);
    const code = await codeAt(0);
    await verifier.verifyFactor(pending, code);
    const err = await verifier.verifyFactor(pending, code).catch(e => e);
    expect(err.code).to.equal('INVALID_MFA_CODE');
  });

  it('records when the factor was used, by the injected clock', async () => {
    clock.advance(5 * 60_000);
    await verify(await codeAt(0));
    const used = await factors.findById(factor.id);
    expect(used.lastUsedAt?.getTime()).to.equal(clock.now());
  });

  it('keeps the secret sealed at rest, for TOTP only', async () => {
    const row = await factors.findById(factor.id);
    expect(row.secret).to.not.containEql(secret);
    expect(box.open(row.secret!, 'mfa-totp-secret')).to.equal(secret);
    expect(() => box.open(row.secret!, 'provider-token')).to.throw(
      /cannot be opened/,
    );
  });

  describe('a factor whose secret cannot be opened', () => {
    /** A factor sealed under another APP_SECRET, or a damaged row. */
    async function givenUnreadableFactor(sealed?: string): Promise<string> {
      const code = await codeAt(0);
      await factors.updateById(factor.id, {
        secret: sealed ?? oldBox.seal(secret, 'mfa-totp-secret'),
      });
      return code;
    }

    it('is FACTOR_UNREADABLE (500), logged and audited with its id, the secret never logged', async () => {
      const sealed = oldBox.seal(secret, 'mfa-totp-secret');
      const code = await givenUnreadableFactor(sealed);
      const err = await verify(code).catch(e => e);
      expect(err).to.be.instanceOf(AppError);
      expect(err.code).to.equal('FACTOR_UNREADABLE');
      expect(err.statusCode).to.equal(500);
      expect(err.details).to.eql({factorIds: [factor.id]});
      expect(audited).to.eql([
        {
          type: 'mfa.factor_unreadable',
          details: {factorId: factor.id, type: 'totp'},
        },
      ]);
      const line = logs.lines.find(l => l.factorId === factor.id);
      expect(line?.cause).to.match(/cannot be opened/);
      const logged = logs.text();
      expect(logged).to.not.containEql(sealed);
      expect(logged).to.not.containEql(secret);
    });

    it('is FACTOR_UNREADABLE for a damaged row and for an enrolment’s first code', async () => {
      const code = await givenUnreadableFactor('v1.garbage');
      expect((await verify(code).catch(e => e)).code).to.equal(
        'FACTOR_UNREADABLE',
      );
      await factors.updateById(factor.id, {confirmedAt: undefined});
      const pending = await factors.findById(factor.id);
      const err = await verifier.verifyFactor(pending, code).catch(e => e);
      expect(err.code).to.equal('FACTOR_UNREADABLE');
    });

    it('lets a readable factor of the same user still pass; a wrong code then counts as wrong', async () => {
      await givenUnreadableFactor();
      const other = newTotpSecret();
      await factors.create({
        userId: 'u1',
        type: 'totp',
        name: 'Tablet',
        secret: verifier.seal(other),
        confirmedAt: new Date(clock.now()),
      });
      await refused(await codeAt(0));
      expect(await verify(await totpCode(other, clock.now()))).to.eql(['otp']);
    });
  });
});
