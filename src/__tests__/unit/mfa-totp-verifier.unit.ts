import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {MfaFactor} from '../../models';
import {MfaFactorRepository, UserRepository} from '../../repositories';
import {AppError} from '../../errors';
import {SecretBox} from '../../services/platform/secret-box.service';
import {MemoryStore} from '../../services/store/memory-store';
import {newTotpSecret} from '../../services/mfa/totp-codes';
import {TotpVerifierService} from '../../services/mfa/totp-verifier.service';
import {TEST_APP_SECRET} from '../fixtures/app';
import {ManualClock} from '../fixtures/manual-clock';
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

  beforeEach(async () => {
    clock = new ManualClock(STEP_START + 12_000);
    const db = new juggler.DataSource({name: 'db', connector: 'memory'});
    ({factors} = await resolveRepositories(
      {factors: MfaFactorRepository, users: UserRepository},
      db,
      clock,
    ));
    store = new MemoryStore(clock);
    verifier = new TotpVerifierService(factors, store, box, clock);
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
});
