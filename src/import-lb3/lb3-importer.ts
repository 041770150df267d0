import {AppError} from '../errors';
import {
  AuditEventRepository,
  PasswordCredentialRepository,
  UnitOfWork,
  UserCredentialRepository,
  UserIdentityRepository,
  UserRepository,
} from '../repositories';
import {SecretBox} from '../services/platform/secret-box.service';
import {sealTokens} from '../services/providers/provider-token-seal';
import {ImportReport, newReport} from './import-report';
import {Lb3Data, Lb3Kind, Lb3Record} from './lb3-records';
import {
  accountFields,
  ImportedAccount,
  ImportedUser,
  mapAccount,
  mapUser,
  RecordProblem,
} from './lb3-mapping';

/** The audit event that marks a user as this import's: re-runs know it. */
export const IMPORTED_EVENT = 'user.imported';

/** Where the import writes: this service's own repositories. */
export interface ImportTargets {
  users: UserRepository;
  passwords: PasswordCredentialRepository;
  identities: UserIdentityRepository;
  credentials: UserCredentialRepository;
  audit: AuditEventRepository;
  units: UnitOfWork;
  box: SecretBox;
}

type Outcome = 'created' | 'unchanged';

/**
 * Takes LoopBack 3's users, identities and credentials into this service.
 * A user is found again by email (else username), an identity by provider
 * and external id, a credential by user, provider and external id, so a
 * second run changes nothing. An existing account takes a LoopBack 3
 * user's identities only when this import made it (its `user.imported`
 * event) or both sides verified the address: otherwise whoever signed up
 * here with that address first would receive someone's Facebook login.
 */
export class Lb3Importer {
  private readonly userIds = new Map<string, string>();
  private readonly seen = new Map<string, string>();
  private report: ImportReport = newReport(false);

  constructor(
    private readonly to: ImportTargets,
    private readonly dryRun = false,
  ) {}

  /** Imports `data`; every record ends up created, unchanged or refused. */
  async run(data: Lb3Data): Promise<ImportReport> {
    this.report = newReport(this.dryRun);
    this.report.refused.push(...data.unreadable);
    this.report.ignored.push(...data.ignored);
    const ofKind = (kind: Lb3Kind) => data.records.filter(r => r.kind === kind);
    for (const record of ofKind('User')) {
      await this.take(record, () => this.importUser(mapUser(record)));
    }
    for (const record of ofKind('UserIdentity')) {
      await this.take(record, () => this.importIdentity(mapAccount(record)));
    }
    for (const record of ofKind('UserCredential')) {
      await this.take(record, () => this.importCredential(mapAccount(record)));
    }
    return this.report;
  }

  private async take(
    record: Lb3Record,
    work: () => Promise<Outcome>,
  ): Promise<void> {
    try {
      const outcome = await work();
      this.report[outcome][record.kind]++;
    } catch (err) {
      // A unique key taken meanwhile (another run, a sign-up) refuses the
      // record; anything else (the database gone) stops the import.
      const conflict = err instanceof AppError && err.statusCode === 409;
      if (!(err instanceof RecordProblem) && !conflict) throw err;
      this.report.refused.push({
        kind: record.kind,
        id: record.id,
        reason: conflict ? `conflicts here: ${err.message}` : err.message,
      });
    }
  }

  private async importUser(user: ImportedUser): Promise<Outcome> {
    this.claim(user);
    const {users} = this.to;
    const existing = user.email
      ? await users.findByEmail(user.email)
      : await users.findOne({where: {username: user.username}});
    if (existing) {
      if (!(await this.mayAdopt(existing, user))) {
        throw new RecordProblem(
          'an account with this email or username already exists here, not made by this import, and the address is not verified on both sides',
        );
      }
      this.userIds.set(user.lb3Id, existing.id);
      return 'unchanged';
    }
    if (user.email && user.username) {
      const holder = await users.findOne({where: {username: user.username}});
      if (holder) throw new RecordProblem('username is taken here');
    }
    this.userIds.set(user.lb3Id, await this.createUser(user));
    return 'created';
  }

  /** Two records of the source with one address would become one account. */
  private claim(user: ImportedUser): void {
    for (const key of [user.email, user.username && `@${user.username}`]) {
      if (!key) continue;
      const other = this.seen.get(key);
      if (other !== undefined) {
        throw new RecordProblem(
          `user ${JSON.stringify(other)} has the same email or username`,
        );
      }
      this.seen.set(key, user.lb3Id);
    }
  }

  private async mayAdopt(
    existing: {id: string; emailVerified: boolean},
    user: ImportedUser,
  ): Promise<boolean> {
    const mark = await this.to.audit.findOne({
      where: {userId: existing.id, type: IMPORTED_EVENT},
    });
    return !!mark || (existing.emailVerified && user.emailVerified);
  }

  private async createUser(user: ImportedUser): Promise<string> {
    if (this.dryRun) return `dry-run:${user.lb3Id}`;
    const {users, passwords, audit} = this.to;
    return this.to.units.run(async ({options}) => {
      const created = await users.create(
        {
          email: user.email,
          username: user.username,
          emailVerified: user.emailVerified,
        },
        options,
      );
      if (user.created) {
        // The repository stamps `created` with today; LoopBack 3's is kept.
        await users.modelClass.updateAll(
          {id: created.id},
          {created: user.created} as object,
          options,
        );
      }
      if (user.passwordHash) {
        await passwords.create(
          {userId: created.id, hash: user.passwordHash},
          options,
        );
      }
      await audit.create(
        {
          type: IMPORTED_EVENT,
          userId: created.id,
          details: {source: 'loopback3', lb3Id: user.lb3Id},
        },
        options,
      );
      return created.id;
    });
  }

  private async importIdentity(account: ImportedAccount): Promise<Outcome> {
    const userId = this.userOf(account);
    const key = {provider: account.provider, externalId: account.externalId};
    const existing = await this.to.identities.findOne({where: key});
    if (existing) {
      if (existing.userId !== userId) {
        throw new RecordProblem(
          'this provider account belongs to another user here',
        );
      }
      return 'unchanged';
    }
    if (this.dryRun) return 'created';
    await this.to.units.run(async unit => {
      await this.to.identities.create(
        {...accountFields(account), userId},
        unit.options,
      );
      await this.saveCredential(account, userId, unit.options);
    });
    return 'created';
  }

  private async importCredential(account: ImportedAccount): Promise<Outcome> {
    const userId = this.userOf(account);
    const where = {
      userId,
      provider: account.provider,
      externalId: account.externalId,
    };
    if (await this.to.credentials.findOne({where})) return 'unchanged';
    if (!this.dryRun) await this.saveCredential(account, userId, {});
    return 'created';
  }

  private async saveCredential(
    account: ImportedAccount,
    userId: string,
    options: object,
  ): Promise<void> {
    const where = {
      userId,
      provider: account.provider,
      externalId: account.externalId,
    };
    if (await this.to.credentials.findOne({where}, options)) return;
    await this.to.credentials.create(
      {
        ...accountFields(account),
        userId,
        // As a sign-in stores them: sealed under APP_SECRET, never in clear.
        credentials: sealTokens(this.to.box, account.tokens ?? {}),
      },
      options,
    );
  }

  private userOf(account: ImportedAccount): string {
    const userId = this.userIds.get(account.lb3UserId);
    if (!userId) {
      throw new RecordProblem(
        `its user ${JSON.stringify(account.lb3UserId)} was not imported`,
      );
    }
    return userId;
  }
}
