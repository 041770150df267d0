import {expect} from '@loopback/testlab';
import {ObjectId} from 'mongodb';
import {parseImportArgs, UsageError} from '../../import-lb3/import-args';
import {mapAccount, mapUser, RecordProblem} from '../../import-lb3/lb3-mapping';
import {isRefusal, Lb3Record, toRecord} from '../../import-lb3/lb3-records';
import {parseMemoryFile} from '../../import-lb3/memory-file-source';
import {ModelConfigError, modelLocations} from '../../import-lb3/model-names';
import {MongoDbLike, readMongoDb} from '../../import-lb3/mongodb-source';
import {lb3Hash, lb3Profile} from '../fixtures/lb3-data';

function record(kind: Lb3Record['kind'], raw: object): Lb3Record {
  const made = toRecord(kind, raw);
  if (isRefusal(made)) throw new Error(made.reason);
  return made;
}

describe('LoopBack 3 import: records and mapping (unit)', () => {
  it('keeps email (lower-cased), username, emailVerified, the hash and created', () => {
    const hash = lb3Hash('pw', 4);
    const user = mapUser(
      record('User', {
        id: 7,
        EMAIL: 'Ann@Example.COM',
        username: 'ann',
        emailverified: true,
        password: hash,
        created: '2019-01-02T03:04:05Z',
      }),
    );
    expect(user).to.eql({
      lb3Id: '7',
      email: 'ann@example.com',
      username: 'ann',
      emailVerified: true,
      passwordHash: hash,
      created: new Date('2019-01-02T03:04:05Z'),
    });
  });

  it('refuses users with control characters, odd hashes or nothing to sign in with', () => {
    const problems = [
      {id: 1, email: 'a\u0000@example.com'},
      {id: 2, username: 'tab\tname'},
      {id: 3, email: 'a@example.com', password: 'plain text'},
      {
        id: 4,
        email: 'a@example.com',
        password: lb3Hash('pw', 4).replace('$04$', '$20$'),
      },
      {id: 5, emailVerified: true},
      {id: 6, email: 'a@example.com', created: 'yesterday'},
      {id: 7, username: 'has@sign'},
      {id: 8, email: ['a@example.com']},
    ];
    for (const raw of problems) {
      expect(() => mapUser(record('User', raw))).to.throw(RecordProblem);
    }
  });

  it('takes hashes up to the cost sign-in verifies, and refuses costlier ones', () => {
    const hash = lb3Hash('pw', 4);
    const at = (cost: string) =>
      record('User', {
        id: 1,
        email: 'a@example.com',
        password: hash.replace('$04$', `$${cost}$`),
      });
    expect(mapUser(at('14')).passwordHash).to.startWith('$2a$14$');
    expect(() => mapUser(at('15'))).to.throw(
      /costs 15; sign-in verifies up to 14/,
    );
  });

  it('refuses a record naming a prototype property, at any depth', () => {
    const raws = [
      JSON.parse('{"id": 1, "__proto__": {"admin": true}}'),
      {id: 2, profile: {constructor: {prototype: {}}}},
      JSON.parse('{"id": 3, "profile": {"_json": {"__proto__": 1}}}'),
    ];
    for (const raw of raws) {
      const made = toRecord('UserIdentity', raw);
      expect(isRefusal(made) && made.reason).to.match(/property named/);
    }
    expect(({} as {admin?: boolean}).admin).to.be.undefined();
  });

  it('maps an identity: trimmed profile, tokens kept for sealing, JSON text read', () => {
    const account = mapAccount(
      record('UserIdentity', {
        id: 'i1',
        provider: 'facebook',
        authscheme: 'oAuth 2.0',
        externalid: 'fb-1',
        userid: 7,
        profile: JSON.stringify(lb3Profile('fb-1', 'ann@example.com')),
        credentials: '{"accessToken":"at","refreshToken":"rt"}',
      }),
    );
    expect(account).to.eql({
      lb3Id: 'i1',
      lb3UserId: '7',
      provider: 'facebook',
      authScheme: 'oauth2',
      externalId: 'fb-1',
      profile: {
        displayName: 'Ann Lovelace',
        email: 'ann@example.com',
        emailVerified: false,
        photo: 'https://graph.example/photo.jpg',
      },
      tokens: {accessToken: 'at', refreshToken: 'rt'},
    });
  });

  it('maps OAuth 1.0a credentials and refuses unknown schemes and broken profiles', () => {
    const base = {id: 'c', provider: 'twitter', externalid: 9, userid: 1};
    expect(
      mapAccount(
        record('UserCredential', {
          ...base,
          authscheme: 'oAuth 1.0',
          credentials: {token: 't', tokenSecret: 's'},
        }),
      ).tokens,
    ).to.eql({accessToken: 't', tokenSecret: 's'});
    for (const bad of [
      {authscheme: 'local'},
      {profile: 'not json'},
      {profile: {emails: 'x'}},
      {profile: {displayName: 'bell\u0007'}},
      {provider: ''},
      {userid: null},
    ]) {
      expect(() =>
        mapAccount(record('UserCredential', {...base, ...bad})),
      ).to.throw(RecordProblem);
    }
  });

  it('reads a memory-connector file, refusing unparsable records by id', () => {
    const text = JSON.stringify({
      ids: {User: 3},
      models: {
        User: {
          '1': JSON.stringify({id: 1, email: 'a@example.com'}),
          '2': '{broken',
        },
        AccessToken: {x: '{}', y: '{}'},
      },
    });
    const data = parseMemoryFile(text, modelLocations());
    expect(data.records.map(r => r.id)).to.eql(['1']);
    expect(data.unreadable).to.eql([
      {kind: 'User', id: '2', reason: 'is not valid JSON'},
    ]);
    expect(data.ignored).to.eql([{model: 'AccessToken', count: 2}]);
  });

  it('places models by model-config.json: entry names in any case, tables and collections', () => {
    const models = modelLocations({
      user: {
        dataSource: 'db',
        options: {postgresql: {table: 'app_user', schema: 'legacy'}},
      },
      userIdentity: {
        dataSource: 'db',
        options: {mongodb: {collection: 'identities'}},
      },
      Customer: {dataSource: 'db'},
    });
    expect(models.User).to.eql({
      model: 'user',
      table: 'app_user',
      schema: 'legacy',
      collection: 'user',
    });
    expect(models.UserIdentity).to.containDeep({
      model: 'userIdentity',
      table: 'useridentity',
      collection: 'identities',
    });
    expect(models.UserCredential).to.containDeep({
      model: 'UserCredential',
      table: 'usercredential',
    });
    expect(
      modelLocations({Customer: {}}, {User: 'Customer'}).User.table,
    ).to.equal('customer');
    expect(() => modelLocations({}, {User: 'Customer'})).to.throw(
      ModelConfigError,
    );
    expect(() =>
      modelLocations({User: {options: {postgresql: {table: 'x; drop'}}}}),
    ).to.throw(ModelConfigError);
  });

  it('reads MongoDB collections with ObjectIds as hex ids', async () => {
    const userId = new ObjectId();
    const identityId = new ObjectId();
    const docs: Record<string, Record<string, unknown>[]> = {
      User: [{_id: userId, email: 'm@example.com'}],
      UserIdentity: [
        {_id: identityId, provider: 'google', externalId: 'g', userId},
      ],
      identities: [],
      AccessToken: [{_id: 'a'}],
    };
    const db: MongoDbLike = {
      collection: name => ({
        find: () =>
          (async function* () {
            yield* docs[name] ?? [];
          })(),
        countDocuments: async () => (docs[name] ?? []).length,
      }),
    };
    const data = await readMongoDb(db, modelLocations());
    expect(data.records.map(r => [r.kind, r.id])).to.eql([
      ['User', userId.toHexString()],
      ['UserIdentity', identityId.toHexString()],
    ]);
    expect(mapAccount(data.records[1]!).lb3UserId).to.equal(
      userId.toHexString(),
    );
    expect(data.ignored).to.eql([{model: 'AccessToken', count: 1}]);
  });

  it('parses the command line and refuses anything else', () => {
    expect(
      parseImportArgs([
        '--from',
        'postgres://h/db',
        '--dry-run',
        '--schema=lb3',
      ]),
    ).to.containDeep({kind: 'postgresql', dryRun: true, schema: 'lb3'});
    expect(parseImportArgs(['--from=mongodb://h/db']).kind).to.equal('mongodb');
    expect(
      parseImportArgs(['--from', 'db.json', '--user-model', 'Customer']),
    ).to.containDeep({kind: 'file', models: {User: 'Customer'}});
    for (const args of [
      [],
      ['--from'],
      ['--from', 'x', '--wat'],
      ['--from', 'x', '--dry-run=1'],
    ]) {
      expect(() => parseImportArgs(args)).to.throw(UsageError);
    }
  });
});
