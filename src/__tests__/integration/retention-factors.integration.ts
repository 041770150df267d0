import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {MfaFactorRepository} from '../../repositories';
import {
  PENDING_FACTOR_MS,
  RETENTION_BATCH,
  RetentionService,
} from '../../services/tokens/retention.service';
import {ManualClock} from '../fixtures/manual-clock';
import {givenRetentionApp} from '../fixtures/retention-app';
import {TEST_DATABASE_URL} from '../fixtures/services';

describePendingFactors('the memory connector', () => ({}));
describePendingFactors(
  'PostgreSQL',
  () => ({DATABASE_URL: TEST_DATABASE_URL}),
  'PostgreSQL retention',
);

/**
 * TOTP enrolments nobody confirmed: the retention job deletes them a day
 * after they were begun, in batches, and never a confirmed factor.
 */
function describePendingFactors(
  name: string,
  env: () => Record<string, string | undefined>,
  service?: string,
) {
  describe(`Retention of pending factors on ${name} (integration)`, () => {
    let app: IdentityApplication | undefined;
    let clock: ManualClock;
    let factors: MfaFactorRepository;
    let retention: RetentionService;

    before(givenApp);
    after(() => app?.stop());

    async function givenApp(this: Context): Promise<void> {
      ({app, clock, retention} = await givenRetentionApp(
        this,
        env(),
        Date.UTC(2031, 0, 1),
        service,
      ));
      factors = await app.getRepository(MfaFactorRepository);
    }

    /** A TOTP factor begun now, confirmed `confirmedIn` ms later if given. */
    async function givenFactor(userId: string, confirmedIn?: number) {
      const confirmedAt =
        confirmedIn === undefined
          ? undefined
          : new Date(clock.now() + confirmedIn);
      return factors.create({
        userId,
        type: 'totp',
        name: 'Phone',
        secret: 'v1.sealed.elsewhere.x',
        confirmedAt,
      });
    }

    it('deletes enrolments pending longer than a day, keeps recent ones and every confirmed factor', async () => {
      const userId = randomUUID();
      const abandoned = await givenFactor(userId);
      const confirmed = await givenFactor(userId, 60_000);
      clock.advance(PENDING_FACTOR_MS - 60_000);
      const recent = await givenFactor(randomUUID());
      clock.advance(120_000);
      const result = await retention.purge();
      expect(result.pendingFactors).to.be.aboveOrEqual(1);
      expect(await factors.exists(abandoned.id)).to.be.false();
      expect(await factors.exists(confirmed.id)).to.be.true();
      expect(await factors.exists(recent.id)).to.be.true();
      // Confirmed factors stay however old.
      clock.advance(400 * 86_400_000);
      await retention.purge();
      expect(await factors.exists(confirmed.id)).to.be.true();
    });

    it('deletes them in batches, past the first', async () => {
      const userId = `batch-${randomUUID()}`;
      await factors.createAll(
        Array.from({length: RETENTION_BATCH + 5}, () => ({
          userId,
          type: 'totp' as const,
          name: 'Phone',
          secret: 'v1.sealed.elsewhere.x',
        })),
      );
      clock.advance(PENDING_FACTOR_MS + 1);
      const result = await retention.purge();
      expect(result.pendingFactors).to.be.aboveOrEqual(RETENTION_BATCH + 5);
      expect(await factors.count({userId})).to.eql({count: 0});
    });
  });
}
