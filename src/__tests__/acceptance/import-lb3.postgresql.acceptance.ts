import {createRestAppClient, Client, expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {Client as PgClient} from 'pg';
import {IdentityApplication} from '../../application';
import {givenConfig, givenDataDir, removeDataDir} from '../fixtures/app';
import {givenLb3Rows, Lb3Rows} from '../fixtures/lb3-data';
import {
  expectOldPasswordSignsIn,
  FIXTURE_COUNTS,
  refusedOf,
  runImport,
  snapshot,
  storedUsers,
} from '../fixtures/lb3-import';
import {requireService, TEST_DATABASE_URL} from '../fixtures/services';

/** The tables loopback-connector-postgresql made for LoopBack 3's models. */
const TABLES: Record<keyof Lb3Rows, string> = {
  User: `realm text, username text, password text, email text NOT NULL,
    emailverified boolean, verificationtoken text, created timestamptz,
    id serial PRIMARY KEY`,
  UserIdentity: `provider text, authscheme text, externalid text,
    profile text, credentials text, created timestamptz,
    modified timestamptz, id serial PRIMARY KEY, userid integer`,
  UserCredential: `provider text, authscheme text, externalid text,
    profile text, credentials text, created timestamptz,
    modified timestamptz, id serial PRIMARY KEY, userid integer`,
  AccessToken: `id text PRIMARY KEY, ttl integer, scopes text,
    created timestamptz, userid integer`,
};

/**
 * Writes `rows` into `schema` as LoopBack 3 stored them: columns in lower
 * case, objects as JSON text. `tables` renames a model's table.
 */
async function givenLb3Database(
  pg: PgClient,
  schema: string,
  rows: Lb3Rows,
  tables: Partial<Record<keyof Lb3Rows, string>> = {},
): Promise<void> {
  await pg.query(`CREATE SCHEMA ${schema}`);
  for (const model of Object.keys(TABLES) as (keyof Lb3Rows)[]) {
    const table = `${schema}."${tables[model] ?? model.toLowerCase()}"`;
    await pg.query(`CREATE TABLE ${table} (${TABLES[model]})`);
    for (const row of rows[model]) {
      const entries = Object.entries(row).map(([key, value]) => [
        key.toLowerCase(),
        value && typeof value === 'object' ? JSON.stringify(value) : value,
      ]);
      const columns = entries.map(([key]) => `"${key}"`).join(', ');
      const params = entries.map((_, i) => `$${i + 1}`).join(', ');
      await pg.query(
        `INSERT INTO ${table} (${columns}) VALUES (${params})`,
        entries.map(([, value]) => value),
      );
    }
  }
}

describe('npm run import-lb3 from PostgreSQL (acceptance)', () => {
  let app: IdentityApplication | undefined;
  let client: Client;
  let pg: PgClient;
  const tag = `pg${randomBytes(4).toString('hex')}`;
  const schema = `lb3_src_${tag}`;
  const renamed = `lb3_cfg_${tag}`;
  const dir = givenDataDir();

  before(givenBothDatabases);
  async function givenBothDatabases(this: Context): Promise<void> {
    await requireService(
      this,
      'PostgreSQL import',
      TEST_DATABASE_URL,
      'set TEST_DATABASE_URL=postgres://…',
    );
    pg = new PgClient({connectionString: TEST_DATABASE_URL});
    await pg.connect();
    await givenLb3Database(pg, schema, givenLb3Rows(tag));
    app = new IdentityApplication(
      givenConfig({DATABASE_URL: TEST_DATABASE_URL}),
    );
    await app.boot();
    await app.migrateSchema({existingSchema: 'alter'});
    await app.start();
    client = createRestAppClient(app);
  }
  after(async () => {
    await app?.stop();
    if (app) removeDataDir(app.config.dataDir);
    removeDataDir(dir);
    for (const name of [schema, renamed]) {
      await pg?.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
    }
    await pg?.end();
  });

  it('dry run writes nothing', async () => {
    const report = await runImport(
      app!,
      '--from',
      TEST_DATABASE_URL!,
      '--schema',
      schema,
      '--dry-run',
    );
    expect(report.created).to.eql(FIXTURE_COUNTS.created);
    expect(await storedUsers(app!, tag)).to.eql([]);
  });

  it('imports LoopBack 3 tables, reporting refused records by id', async () => {
    const report = await runImport(
      app!,
      '--from',
      TEST_DATABASE_URL!,
      '--schema',
      schema,
    );
    expect(report.created).to.eql(FIXTURE_COUNTS.created);
    expect(refusedOf(report)).to.eql(FIXTURE_COUNTS.refusedIds);
    expect(report.ignored).to.eql([{model: 'AccessToken', count: 1}]);
    const users = await storedUsers(app!, tag);
    expect(users.map(u => u.email)).to.eql([
      `ann-${tag}@example.com`,
      `bob-${tag}@example.com`,
      `cy-${tag}@example.com`,
    ]);
    expect(new Date(users[0]!.created).toISOString()).to.equal(
      '2019-03-04T05:06:07.000Z',
    );
  });

  it('lets an imported user sign in with the LoopBack 3 password, then stores argon2id', async () => {
    await expectOldPasswordSignsIn(app!, client, `ann-${tag}@example.com`);
  });

  it('changes nothing when run again', async () => {
    const before = await snapshot(app!, tag);
    const report = await runImport(
      app!,
      '--from',
      TEST_DATABASE_URL!,
      '--schema',
      schema,
    );
    expect(report.created).to.eql({
      User: 0,
      UserIdentity: 0,
      UserCredential: 0,
    });
    expect(report.unchanged).to.eql(FIXTURE_COUNTS.created);
    expect(await snapshot(app!, tag)).to.eql(before);
  });

  it('reads the tables model-config.json names', async () => {
    const other = `${tag}c`;
    const rows = givenLb3Rows(other);
    await givenLb3Database(pg, renamed, rows, {
      User: 'app_user',
      UserIdentity: 'social',
    });
    const config = path.join(dir, 'model-config.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        user: {dataSource: 'db', options: {postgresql: {table: 'app_user'}}},
        userIdentity: {
          dataSource: 'db',
          options: {postgresql: {table: 'social'}},
        },
        accessToken: {dataSource: 'db'},
      }),
    );
    const report = await runImport(
      app!,
      '--from',
      TEST_DATABASE_URL!,
      '--schema',
      renamed,
      '--model-config',
      config,
    );
    expect(report.created).to.eql(FIXTURE_COUNTS.created);
    expect((await storedUsers(app!, other)).length).to.equal(3);
  });
});
