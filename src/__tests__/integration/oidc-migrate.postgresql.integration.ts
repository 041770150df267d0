import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {randomBytes, randomUUID} from 'node:crypto';
import {Context} from 'mocha';
import {IdentityApplication} from '../../application';
import {loadConfig} from '../../config';
import {IdentityBindings} from '../../keys';
import {ApplicationRepository, ResourceRepository} from '../../repositories';
import {applicationView} from '../../services/applications/application-view';
import {requireService, TEST_DATABASE_URL} from '../fixtures/services';

const OIDC_INDEXES = [
  'consent_applicationid_ix',
  'consent_userid_applicationid_uq',
  'resource_identifier_uq',
];

describe('npm run migrate on PostgreSQL: resources and consents', () => {
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

  async function dataSource(): Promise<juggler.DataSource> {
    return app!.get<juggler.DataSource>(IdentityBindings.DATASOURCE);
  }

  async function oidcIndexes(): Promise<string[]> {
    const rows = (await (
      await dataSource()
    ).execute(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
       ORDER BY indexname`,
    )) as {indexname: string}[];
    return rows.map(r => r.indexname).filter(n => OIDC_INDEXES.includes(n));
  }

  it('creates the indexes, and a second run keeps resources', async () => {
    await app!.migrateSchema({existingSchema: 'alter'});
    expect(await oidcIndexes()).to.eql(OIDC_INDEXES);
    const resources = await app!.getRepository(ResourceRepository);
    const identifier = `https://kept-${randomUUID()}.example.com`;
    const kept = await resources.create({identifier, name: 'Kept'});
    await app!.migrateSchema({existingSchema: 'alter'});
    expect(await oidcIndexes()).to.eql(OIDC_INDEXES);
    expect((await resources.findById(kept.id)).identifier).to.equal(identifier);
    await expect(
      resources.create({identifier, name: 'Again'}),
    ).to.be.rejectedWith({code: 'RESOURCE_EXISTS'});
  });

  it('reads an application stored before the settings existed with their defaults', async () => {
    await app!.migrateSchema({existingSchema: 'alter'});
    const applications = await app!.getRepository(ApplicationRepository);
    const created = await applications.create({name: 'Old', type: 'public'});
    // What the column holds for a row written before it was added.
    await (
      await dataSource()
    ).execute(
      'UPDATE application SET granttypes = NULL, scopes = NULL WHERE id = $1',
      [created.id],
    );
    const view = applicationView(await applications.findById(created.id));
    expect(view).to.containDeep({
      grantTypes: ['authorization_code', 'refresh_token'],
      scopes: [],
      postLogoutRedirectUris: [],
    });
  });
});
