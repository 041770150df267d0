import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {randomBytes, randomUUID} from 'node:crypto';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {loadConfig} from '../../config';
import {IdentityBindings} from '../../keys';
import {UserRepository} from '../../repositories';
import {captureStatements} from '../fixtures/query-plans';
import {requireService, TEST_DATABASE_URL} from '../fixtures/services';

const UNIQUE_INDEXES = [
  'applicationcredential_applicationid_provider_uq',
  'emailtoken_tokenhash_uq',
  'passwordcredential_userid_uq',
  'signingkey_kid_uq',
  'user_email_uq',
  'user_username_uq',
  'usercredential_userid_provider_externalid_uq',
  'useridentity_provider_externalid_uq',
];

/** Indexes the scale findings added (issue 14), and those they dropped. */
const SCALE_INDEXES = [
  'auditevent_created_ix',
  'emailtoken_expiresat_ix',
  'session_applicationid_revokedat_ix',
  'session_created_ix',
  'user_created_id_ix',
];
const DROPPED_INDEXES = ['session_expiresat_ix', 'session_refreshtokenhash_uq'];

describe('npm run migrate on PostgreSQL', () => {
  let app: IdentityApplication | undefined;

  before(givenPostgres);
  after(async () => {
    await app?.stop();
  });

  /** Mocha hands a hook its context as `this`; requireService needs it. */
  async function givenPostgres(this: Context): Promise<void> {
    await requireService(
      this,
      'PostgreSQL migration',
      TEST_DATABASE_URL,
      'set TEST_DATABASE_URL=postgres://…',
    );
    const {config} = loadConfig({
      DATABASE_URL: TEST_DATABASE_URL,
      APP_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
    });
    app = new IdentityApplication(config);
    await app.boot();
  }

  async function uniqueIndexes(): Promise<string[]> {
    const ds = await app!.get<juggler.DataSource>(IdentityBindings.DATASOURCE);
    const rows = (await ds.execute(
      `SELECT indexname FROM pg_indexes
       WHERE schemaname = current_schema() AND indexdef LIKE 'CREATE UNIQUE%'
       AND indexname NOT LIKE '%_pkey' ORDER BY indexname`,
    )) as {indexname: string}[];
    return rows.map(r => r.indexname).filter(n => UNIQUE_INDEXES.includes(n));
  }

  /** The names of `indexes` that exist in the database. */
  async function existing(indexes: string[]): Promise<string[]> {
    const ds = await app!.get<juggler.DataSource>(IdentityBindings.DATASOURCE);
    const rows = (await ds.execute(
      `SELECT indexname FROM pg_indexes
       WHERE schemaname = current_schema() AND indexname = ANY($1)
       ORDER BY indexname`,
      [indexes],
    )) as {indexname: string}[];
    return rows.map(r => r.indexname);
  }

  it('brings an existing database to the scale indexes: adds the new, drops the unread', async () => {
    await app!.migrateSchema({existingSchema: 'alter'});
    const ds = await app!.get<juggler.DataSource>(IdentityBindings.DATASOURCE);
    // The schema as the previous release left it (its index was unique;
    // not here, as other suites' sessions may now share a digest).
    await ds.execute(
      `DROP INDEX user_created_id_ix; DROP INDEX session_applicationid_revokedat_ix;
       DROP INDEX session_created_ix;
       CREATE INDEX session_expiresat_ix ON session (expiresat);
       CREATE INDEX session_refreshtokenhash_uq ON session (refreshtokenhash);
       ALTER TABLE session RESET (fillfactor)`,
    );
    await app!.migrateSchema({existingSchema: 'alter'});
    expect(await existing([...SCALE_INDEXES, ...DROPPED_INDEXES])).to.eql(
      SCALE_INDEXES,
    );
    expect(await reloptions()).to.eql({session: ['fillfactor=70']});
  });

  it('creates every unique index, and a second run keeps data and indexes', async () => {
    await app!.migrateSchema({existingSchema: 'alter'});
    expect(await uniqueIndexes()).to.eql(UNIQUE_INDEXES);

    const users = await app!.get<UserRepository>('repositories.UserRepository');
    const user = await users.create({email: `kept-${randomUUID()}@x.org`});
    await app!.migrateSchema({existingSchema: 'alter'});

    expect(await uniqueIndexes()).to.eql(UNIQUE_INDEXES);
    expect((await users.findById(user.id)).email).to.equal(user.email);
    await expect(users.create({email: user.email})).to.be.rejectedWith({
      code: 'EMAIL_TAKEN',
    });
  });
  it('leaves every index in place on a second run over an unchanged schema (no rebuild, no lock)', async () => {
    await app!.migrateSchema({existingSchema: 'alter'});
    const before = await indexOids();
    // Multi-column indexes among them: the connector used to compare their
    // keys by array position and rebuild them all on every run.
    expect(Object.keys(before)).to.containDeep([
      'user_created_id_ix',
      'useridentity_provider_externalid_uq',
    ]);
    const options = await reloptions();
    const statements = await captureStatements(
      await app!.get<juggler.DataSource>(IdentityBindings.DATASOURCE),
      () => app!.migrateSchema({existingSchema: 'alter'}),
    );
    expect(await indexOids()).to.eql(before);
    // The fillfactor is read, found set, and left alone: no ALTER TABLE.
    expect(options).to.eql({session: ['fillfactor=70']});
    expect(await reloptions()).to.eql(options);
    expect(statements.filter(s => /^\s*ALTER\b/i.test(s.sql))).to.eql([]);
  });

  /** The storage parameters of each table that has any. */
  async function reloptions(): Promise<Record<string, string[]>> {
    const ds = await app!.get<juggler.DataSource>(IdentityBindings.DATASOURCE);
    const rows = (await ds.execute(
      `SELECT c.relname AS name, c.reloptions FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'r' AND n.nspname = current_schema()
       AND c.reloptions IS NOT NULL`,
    )) as {name: string; reloptions: string[]}[];
    return Object.fromEntries(rows.map(r => [r.name, r.reloptions]));
  }

  /** Each index of the schema by name, with its object id (a rebuild changes it). */
  async function indexOids(): Promise<Record<string, number>> {
    const ds = await app!.get<juggler.DataSource>(IdentityBindings.DATASOURCE);
    const rows = (await ds.execute(
      `SELECT c.relname AS name, c.oid::int AS oid FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE c.relkind = 'i' AND n.nspname = current_schema()`,
    )) as {name: string; oid: number}[];
    return Object.fromEntries(rows.map(r => [r.name, Number(r.oid)]));
  }
});
