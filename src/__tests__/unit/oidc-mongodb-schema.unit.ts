import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import {ManualClock} from '../fixtures/manual-clock';
import {givenOidcRepositories} from '../fixtures/oidc-repositories';

interface CreateIndexCall {
  collection: string;
  keys: object;
  options: {name?: string; unique?: boolean};
}

/**
 * What `npm run migrate` (loopback-connector-mongodb's autoupdate) makes of
 * the OpenID Provider models' indexes, recorded instead of sent to a server.
 */
async function recordedIndexes(): Promise<CreateIndexCall[]> {
  const dataSource = new juggler.DataSource({
    name: 'db',
    connector: 'mongodb',
    url: 'mongodb://127.0.0.1:9/never-connected',
    lazyConnect: true,
  });
  await givenOidcRepositories(dataSource, new ManualClock());
  const calls: CreateIndexCall[] = [];
  Object.assign(dataSource.connector as object, {
    db: {},
    collection: (collection: string) => ({
      createIndex: async (keys: object, options: CreateIndexCall['options']) =>
        calls.push({collection, keys, options}),
    }),
  });
  await dataSource.autoupdate();
  return calls;
}

describe('MongoDB schema of resources and consents (unit, no server)', () => {
  it('makes the resource identifier and the (user, application) consent unique', async () => {
    const calls = await recordedIndexes();
    const ours = calls
      .filter(c => c.collection === 'Resource' || c.collection === 'Consent')
      .map(c => [c.collection, c.options.name, c.keys, !!c.options.unique]);
    expect(ours).to.eql([
      ['Resource', 'resource_identifier_uq', {identifier: 1}, true],
      [
        'Consent',
        'consent_userid_applicationid_uq',
        {userId: 1, applicationId: 1},
        true,
      ],
      ['Consent', 'consent_applicationid_ix', {applicationId: 1}, false],
    ]);
  });
});
