import {expect} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {AppConfig} from '../../config';
import {RetentionObserver} from '../../observers/retention.observer';
import {MfaFactorRepository} from '../../repositories';
import {PENDING_FACTOR_MS} from '../../services/tokens/retention.service';
import {createLogger} from '../../services/platform/logger';
import {RedisStore} from '../../services/store/redis-store';
import {givenConfig} from '../fixtures/app';
import {ManualClock} from '../fixtures/manual-clock';
import {runToExit} from '../fixtures/service-process';
import {
  requireService,
  TEST_DATABASE_URL,
  TEST_REDIS_URL,
} from '../fixtures/services';

/**
 * RETENTION=false (or `retention.enabled: false` in the configuration a
 * host application binds) schedules no background run; `npm run
 * retention` runs one by hand.
 */
describe('Retention switch and manual run (integration)', () => {
  describe('the hourly job', () => {
    let app: IdentityApplication | undefined;
    afterEach(() => app?.stop());

    /** Starts an app on `config`; answers its retention observer. */
    async function givenStartedApp(config: AppConfig) {
      app = new IdentityApplication(config);
      await app.boot();
      await app.start();
      return app.get<RetentionObserver>('lifeCycleObservers.RetentionObserver');
    }

    it('is scheduled by default', async () => {
      const observer = await givenStartedApp(givenConfig());
      expect(observer.scheduled).to.be.true();
    });

    it('schedules nothing with RETENTION=false', async () => {
      const config = givenConfig({RETENTION: 'false'});
      expect(config.retention.enabled).to.be.false();
      const observer = await givenStartedApp(config);
      expect(observer.scheduled).to.be.false();
    });

    it('schedules nothing when a host application’s configuration turns it off', async () => {
      const loaded = givenConfig();
      const observer = await givenStartedApp({
        ...loaded,
        retention: {...loaded.retention, enabled: false},
      });
      expect(observer.scheduled).to.be.false();
    });

    it('refuses a RETENTION that is no boolean, naming it', () => {
      expect(() => givenConfig({RETENTION: 'flase'})).to.throw(/RETENTION:/);
    });
  });

  describe('npm run retention on PostgreSQL', () => {
    let seeder: IdentityApplication | undefined;
    let factors: MfaFactorRepository;
    const env = () => ({
      DATABASE_URL: TEST_DATABASE_URL!,
      LOG_LEVEL: 'silent',
      RETENTION: 'false',
    });

    before(givenDatabase);
    after(() => seeder?.stop());

    async function givenDatabase(this: Context): Promise<void> {
      await requireService(
        this,
        'PostgreSQL retention',
        TEST_DATABASE_URL,
        'set TEST_DATABASE_URL',
      );
      // Begun two days ago by the real clock the script reads.
      const clock = new ManualClock(Date.now() - 2 * PENDING_FACTOR_MS);
      seeder = new IdentityApplication(givenConfig(env()), {clock});
      await seeder.boot();
      await seeder.migrateSchema({existingSchema: 'alter'});
      factors = await seeder.getRepository(MfaFactorRepository);
    }

    async function givenAbandonedEnrolment(): Promise<string> {
      const factor = await factors.create({
        userId: randomUUID(),
        type: 'totp',
        name: 'Phone',
        secret: 'v1.sealed.elsewhere.x',
      });
      return factor.id;
    }

    /** The script's one line per table: `pendingFactors: 3 deleted`. */
    function deletedLines(stdout: string): Record<string, number> {
      const lines = stdout.trim().split('\n');
      return Object.fromEntries(
        lines.map(line => {
          const [, table, rows] = /^(\w+): (\d+) deleted$/.exec(line) ?? [];
          expect(table).to.be.ok();
          return [table, Number(rows)];
        }),
      );
    }

    it('runs one pass even with RETENTION=false, prints one line per table, exits 0', async () => {
      const abandoned = await givenAbandonedEnrolment();
      const run = await runToExit('retention.js', env());
      expect(run.stderr).to.equal('');
      expect(run.code).to.equal(0);
      const deleted = deletedLines(run.stdout);
      expect(Object.keys(deleted).sort()).to.eql([
        'auditEvents',
        'emailTokens',
        'pendingFactors',
        'sessions',
      ]);
      expect(deleted.pendingFactors).to.be.aboveOrEqual(1);
      expect(await factors.exists(abandoned)).to.be.false();
    });

    describe('with REDIS_URL', () => {
      before(givenRedis);

      async function givenRedis(this: Context): Promise<void> {
        await requireService(this, 'Redis', TEST_REDIS_URL, 'set it');
      }

      it('exits promptly, the store closed', async () => {
        const abandoned = await givenAbandonedEnrolment();
        const run = await runToExit(
          'retention.js',
          {...env(), REDIS_URL: TEST_REDIS_URL!},
          15_000,
        );
        expect(run.code).to.equal(0);
        expect(run.ms).to.be.below(10_000);
        expect(await factors.exists(abandoned)).to.be.false();
      });

      it('runs nothing while a node holds the job, says so and exits 1', async () => {
        const store = new RedisStore(TEST_REDIS_URL!, {
          logger: createLogger('silent'),
        });
        const abandoned = await givenAbandonedEnrolment();
        await store.setIfAbsent('lock:retention', 'a-node', 60_000);
        try {
          const run = await runToExit('retention.js', {
            ...env(),
            REDIS_URL: TEST_REDIS_URL!,
          });
          expect(run.code).to.equal(1);
          expect(run.stderr.trim()).to.equal(
            'Another process is running the retention job; retry later.',
          );
          expect(await factors.exists(abandoned)).to.be.true();
        } finally {
          await store.delete('lock:retention');
          await store.close();
        }
      });
    });
  });
});
