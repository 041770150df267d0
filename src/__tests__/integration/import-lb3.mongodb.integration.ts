import {expect} from '@loopback/testlab';
import {Context} from 'mocha';
import {MongoClient, ObjectId} from 'mongodb';
import {randomBytes} from 'node:crypto';
import {mapAccount, mapUser} from '../../import-lb3/lb3-mapping';
import {modelLocations} from '../../import-lb3/model-names';
import {MongoSource} from '../../import-lb3/mongodb-source';
import {lb3Hash, lb3Profile} from '../fixtures/lb3-data';
import {requireService, TEST_MONGODB_URL} from '../fixtures/services';

/**
 * LoopBack 3's collections in a real MongoDB: runs only with
 * TEST_MONGODB_URL, and says so when it does not.
 */
describe('LoopBack 3 import from MongoDB (integration)', () => {
  let mongo: MongoClient | undefined;
  const prefix = `lb3_${randomBytes(4).toString('hex')}_`;

  before(givenMongo);
  after(async () => {
    if (!mongo) return;
    const db = mongo.db();
    for (const name of [
      'User',
      'UserIdentity',
      'UserCredential',
      'AccessToken',
    ]) {
      await db
        .collection(prefix + name)
        .drop()
        .catch(() => {});
    }
    await mongo.close();
  });

  async function givenMongo(this: Context): Promise<void> {
    await requireService(
      this,
      'MongoDB import',
      TEST_MONGODB_URL,
      'set TEST_MONGODB_URL=mongodb://127.0.0.1:27017/identity_test to run it',
    );
    mongo = new MongoClient(TEST_MONGODB_URL!);
    await mongo.connect();
  }

  it('reads users and identities with ObjectId ids and links them', async () => {
    const db = mongo!.db();
    const userId = new ObjectId();
    await db.collection(prefix + 'User').insertOne({
      _id: userId,
      email: 'mongo@example.com',
      emailVerified: true,
      password: lb3Hash('pw', 4),
    });
    await db.collection(prefix + 'UserIdentity').insertOne({
      provider: 'facebook',
      authScheme: 'oAuth 2.0',
      externalId: 'fb-mongo',
      profile: lb3Profile('fb-mongo', 'mongo@example.com'),
      credentials: {accessToken: 'at'},
      userId,
    });
    await db
      .collection(prefix + 'AccessToken')
      .insertOne({_id: 'tok' as never});
    const config = Object.fromEntries(
      ['User', 'UserIdentity', 'UserCredential', 'AccessToken'].map(name => [
        name,
        {options: {mongodb: {collection: prefix + name}}},
      ]),
    );
    const source = new MongoSource(TEST_MONGODB_URL!, modelLocations(config));
    try {
      const data = await source.read();
      const [user, identity] = data.records;
      expect(mapUser(user!)).to.containDeep({
        lb3Id: userId.toHexString(),
        email: 'mongo@example.com',
        emailVerified: true,
      });
      expect(mapAccount(identity!)).to.containDeep({
        lb3UserId: userId.toHexString(),
        externalId: 'fb-mongo',
      });
      expect(data.ignored).to.eql([{model: 'AccessToken', count: 1}]);
    } finally {
      await source.close();
    }
  });
});
