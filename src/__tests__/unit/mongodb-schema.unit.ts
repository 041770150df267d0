import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {ManualClock} from '../fixtures/manual-clock';
import {givenRepositories} from '../fixtures/repositories';

interface CreateIndexCall {
  collection: string;
  keys: object;
  options: {name?: string; unique?: boolean; partialFilterExpression?: object};
}

/**
 * A MongoDB datasource whose connector records createIndex calls instead of
 * talking to a server: what loopback-connector-mongodb's autoupdate (used by
 * `npm run migrate`) makes of the models' index declarations.
 */
async function givenRecordingMongoDataSource() {
  const dataSource = new juggler.DataSource({
    name: 'db',
    connector: 'mongodb',
    url: 'mongodb://127.0.0.1:9/never-connected',
    lazyConnect: true,
  });
  await givenRepositories(dataSource, new ManualClock());
  const calls: CreateIndexCall[] = [];
  Object.assign(dataSource.connector as object, {
    db: {},
    collection: (collection: string) => ({
      createIndex: async (keys: object, options: CreateIndexCall['options']) =>
        calls.push({collection, keys, options}),
    }),
  });
  return {dataSource, calls};
}

describe('MongoDB schema (unit, no server)', () => {
  it('migrates every unique key into a named unique index', async () => {
    const {dataSource, calls} = await givenRecordingMongoDataSource();
    await dataSource.autoupdate();
    const unique = calls
      .filter(c => c.options.unique)
      .map(c => [c.collection, c.options.name, c.keys]);
    expect(unique).to.eql([
      ['User', 'user_email_uq', {email: 1}],
      ['User', 'user_username_uq', {username: 1}],
      ['PasswordCredential', 'passwordcredential_userid_uq', {userId: 1}],
      [
        'UserIdentity',
        'useridentity_provider_externalid_uq',
        {provider: 1, externalId: 1},
      ],
      [
        'UserCredential',
        'usercredential_userid_provider_externalid_uq',
        {userId: 1, provider: 1, externalId: 1},
      ],
      [
        'ApplicationCredential',
        'applicationcredential_applicationid_provider_uq',
        {applicationId: 1, provider: 1},
      ],
      ['EmailToken', 'emailtoken_tokenhash_uq', {tokenHash: 1}],
      ['SigningKey', 'signingkey_kid_uq', {kid: 1}],
    ]);
  });

  it('makes the username and email indexes partial, so users without one coexist', async () => {
    const {dataSource, calls} = await givenRecordingMongoDataSource();
    await dataSource.autoupdate();
    const username = calls.find(c => c.options.name === 'user_username_uq');
    expect(username?.options.partialFilterExpression).to.eql({
      username: {$type: 'string'},
    });
    const email = calls.find(c => c.options.name === 'user_email_uq');
    // Users from a provider that shares no address have no email at all.
    expect(email?.options.partialFilterExpression).to.eql({
      email: {$type: 'string'},
    });
  });

  it('keeps ids and foreign keys strings, even ObjectID-shaped ones', async () => {
    const {dataSource} = await givenRecordingMongoDataSource();
    const connector = dataSource.connector as unknown as {
      coerceId(model: string, id: string): unknown;
    };
    const objectIdShaped = '5f1d7a3b9c8e4a2b1c0d9e8f';
    expect(connector.coerceId('User', objectIdShaped)).to.equal(objectIdShaped);
    expect(
      connector.coerceId('User', '0b7f0c9e-1c1a-4d52-9a8e-3f5f2f4b7c11'),
    ).to.equal('0b7f0c9e-1c1a-4d52-9a8e-3f5f2f4b7c11');
  });
});
