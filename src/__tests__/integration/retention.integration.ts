import {expect} from '@loopback/testlab';
import {randomBytes, randomUUID} from 'node:crypto';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {AppConfig} from '../../config';
import {IdentityBindings} from '../../keys';
import {
  AuditEventRepository,
  EmailTokenRepository,
  MfaFactorRepository,
  SessionRepository,
} from '../../repositories';
import {createLogger} from '../../services/platform/logger';
import {EphemeralStore} from '../../services/store/ephemeral-store';
import {StoreLockService} from '../../services/store/store-lock.service';
import {
  RETENTION_BATCH,
  RetentionService,
} from '../../services/tokens/retention.service';
import {ManualClock} from '../fixtures/manual-clock';
import {givenRetentionApp} from '../fixtures/retention-app';
import {TEST_DATABASE_URL} from '../fixtures/services';

const DAY = 86_400_000;

describeRetention('the memory connector', () => ({}));
describeRetention('PostgreSQL', () => ({DATABASE_URL: TEST_DATABASE_URL}), {
  service: 'PostgreSQL retention',
});

/**
 * The retention job on a ManualClock, with SESSION_RETENTION=10d and
 * AUDIT_RETENTION=90d: old rows go, recent and live ones stay, and one
 * node of two sharing the store runs it.
 */
function describeRetention(
  name: string,
  env: () => Record<string, string | undefined>,
  {service}: {service?: string} = {},
) {
  describe(`RetentionService on ${name} (integration)`, () => {
    let app: IdentityApplication | undefined;
    let clock: ManualClock;
    let config: AppConfig;
    let store: EphemeralStore;
    let sessions: SessionRepository;
    let emailTokens: EmailTokenRepository;
    let audit: AuditEventRepository;
    let factors: MfaFactorRepository;
    let retention: RetentionService;

    before(givenApp);
    after(() => app?.stop());

    /** Mocha hands a hook its context as `this`; requireService needs it. */
    async function givenApp(this: Context): Promise<void> {
      ({app, clock, config, retention} = await givenRetentionApp(
        this,
        {...env(), SESSION_RETENTION: '10d', AUDIT_RETENTION: '90d'},
        Date.UTC(2030, 0, 1),
        service,
      ));
      store = await app.get(IdentityBindings.STORE);
      sessions = await app.getRepository(SessionRepository);
      emailTokens = await app.getRepository(EmailTokenRepository);
      audit = await app.getRepository(AuditEventRepository);
      factors = await app.getRepository(MfaFactorRepository);
    }

    /**
     * A session expiring (and maybe revoked) this many days from now, begun
     * a day before the earlier of the two (or of now): a session expires
     * and is revoked after it begins, which the job relies on.
     */
    async function session(expiresIn: number, revokedIn?: number) {
      const now = clock.now();
      const begun = (Math.min(0, expiresIn, revokedIn ?? 0) - 1) * DAY;
      clock.advance(begun);
      const row = await sessions.create({
        userId: randomUUID(),
        applicationId: 'web',
        authMethod: 'password',
        refreshTokenHash: randomBytes(16).toString('hex'),
        familyId: randomUUID(),
        lastUsedAt: new Date(now),
        expiresAt: new Date(now + expiresIn * DAY),
        revokedAt:
          revokedIn === undefined ? undefined : new Date(now + revokedIn * DAY),
      });
      clock.advance(-begun);
      return row.id;
    }

    async function emailToken(expiresIn: number, used = false) {
      const now = clock.now();
      const row = await emailTokens.create({
        userId: randomUUID(),
        purpose: 'reset',
        tokenHash: randomBytes(16).toString('hex'),
        expiresAt: new Date(now + expiresIn * DAY),
        usedAt: used ? new Date(now) : undefined,
      });
      return row.id;
    }

    async function exists(
      repo: {exists(id: string): Promise<boolean>},
      ids: string[],
    ) {
      return Promise.all(ids.map(id => repo.exists(id)));
    }

    it('deletes sessions expired or revoked past the retention, keeps recent and live ones', async () => {
      const gone = [
        await session(-11),
        await session(30, -11),
        await session(-20, -5),
      ];
      const kept = [
        await session(-9),
        await session(30),
        // Revoked within the retention; expired long ago but revoked hours
        // ago, its revocation mark still alive.
        await session(30, -9),
        await session(-20, -0.5),
      ];
      await retention.purge();
      expect(await exists(sessions, gone)).to.eql([false, false, false]);
      expect(await exists(sessions, kept)).to.eql([true, true, true, true]);
    });

    it('keeps a revoked session until its revocation mark lapsed, whatever the retention', async () => {
      const short = new RetentionService(
        sessions,
        emailTokens,
        audit,
        factors,
        await app!.get(IdentityBindings.STORE_LOCK_SERVICE),
        store,
        {
          ...config,
          retention: {...config.retention, sessions: 3600},
        },
        clock,
        createLogger('silent'),
      );
      const hoursAgo = (h: number) => session(30, -h / 24);
      const kept = [await hoursAgo(2), await hoursAgo(23)];
      const gone = [await hoursAgo(25)];
      await short.purge();
      expect(await exists(sessions, kept)).to.eql([true, true]);
      expect(await exists(sessions, gone)).to.eql([false]);
    });

    it('deletes expired email tokens, used or not; keeps unexpired ones', async () => {
      const gone = [await emailToken(-1 / 24), await emailToken(-1, true)];
      const kept = [await emailToken(1 / 24), await emailToken(1 / 24, true)];
      await retention.purge();
      expect(await exists(emailTokens, gone)).to.eql([false, false]);
      expect(await exists(emailTokens, kept)).to.eql([true, true]);
    });

    it('deletes audit events older than the retention, in batches', async () => {
      // A type of its own: earlier runs on the same database left events.
      const type = `retention.test.${randomUUID()}`;
      const event = {type, details: {}};
      const old = await audit.createAll(
        Array.from({length: RETENTION_BATCH + 5}, () => ({...event})),
      );
      clock.advance(2 * DAY);
      const recent = await audit.create({...event});
      clock.advance(89 * DAY);
      const result = await retention.purge();
      expect(result.auditEvents).to.be.aboveOrEqual(old.length);
      expect(await audit.count({type})).to.eql({count: 1});
      expect(await audit.exists(recent.id)).to.be.true();
    });

    it('keeps the import events npm run import-lb3 reads, however old', async () => {
      const imported = await audit.create({
        type: 'user.imported',
        details: {source: `retention-${randomUUID()}`},
      });
      clock.advance(400 * DAY);
      await retention.purge();
      expect(await audit.exists(imported.id)).to.be.true();
    });

    it('runs on one node of two sharing the store, once per period', async () => {
      const other = new RetentionService(
        sessions,
        emailTokens,
        audit,
        factors,
        new StoreLockService(store, createLogger('silent')),
        store,
        config,
        clock,
        createLogger('silent'),
      );
      clock.advance(2 * 3600_000); // past any earlier run's period
      const gone = await session(-11);
      const runs = await Promise.all([retention.runIfDue(), other.runIfDue()]);
      expect(runs.filter(r => r !== undefined)).to.have.length(1);
      expect(await sessions.exists(gone)).to.be.false();
      // The other node's next tick within the hour finds the run done.
      const later = await session(-11);
      expect(await other.runIfDue()).to.be.undefined();
      expect(await sessions.exists(later)).to.be.true();
      clock.advance(3600_000);
      expect(await other.runIfDue()).to.not.be.undefined();
      expect(await sessions.exists(later)).to.be.false();
    });

    it('runs nothing while another node holds the lock', async () => {
      clock.advance(2 * 3600_000);
      const kept = await session(-11);
      await store.setIfAbsent('lock:retention', 'another-node', 60_000);
      try {
        expect(await retention.runIfDue()).to.be.undefined();
        expect(await sessions.exists(kept)).to.be.true();
      } finally {
        await store.delete('lock:retention');
      }
    });
  });
}
