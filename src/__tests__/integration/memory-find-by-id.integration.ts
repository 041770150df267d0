import {juggler} from '@loopback/repository';
import {expect, sinon} from '@loopback/testlab';
import path from 'node:path';
import {
  DurableMemory,
  durableMemoryConnector,
} from '../../datasources/durable-memory.connector';
import {ManualClock} from '../fixtures/manual-clock';
import {givenDataDir, removeDataDir} from '../fixtures/app';
import {givenRepositories, Repositories} from '../fixtures/repositories';

describe('findById on the embedded database (integration)', () => {
  let dir: string;
  let dataSource: juggler.DataSource;
  let repos: Repositories;

  before(async () => {
    dir = givenDataDir();
    dataSource = new juggler.DataSource({
      name: 'db',
      connector: durableMemoryConnector,
      file: path.join(dir, 'db.json'),
    });
    repos = await givenRepositories(dataSource, new ManualClock());
    await dataSource.automigrate();
  });
  after(async () => {
    await dataSource.disconnect();
    removeDataDir(dir);
  });

  it('gives the same entity as a query would', async () => {
    const user = await repos.users.create({
      email: 'same@example.com',
      roles: ['admin'],
      lastLoginAt: new Date(Date.UTC(2030, 1, 2)),
    });
    const direct = await repos.users.findById(user.id);
    const queried = await repos.users.findOne({where: {id: user.id}});
    expect(direct.toJSON()).to.eql(queried!.toJSON());
    expect(direct.lastLoginAt).to.be.instanceOf(Date);
    expect(direct.created).to.be.instanceOf(Date);
  });

  it('fills defaults a record written by an older version lacks, and drops unknown fields', async () => {
    const user = await repos.users.create({email: 'old@example.com'});
    const connector = dataSource.connector as unknown as DurableMemory;
    const stored = JSON.parse(connector.cache.User![user.id]!);
    delete stored.roles;
    delete stored.disabled;
    stored.retiredField = 'gone';
    connector.cache.User![user.id] = JSON.stringify(stored);

    const found = await repos.users.findById(user.id);
    expect(found.roles).to.eql([]);
    expect(found.disabled).to.be.false();
    expect(found.toJSON()).to.not.have.property('retiredField');
  });

  it('reads one record for findOne by id, with or without a field list', async () => {
    // Refresh and userinfo read their session this way on every call: a
    // full scan would parse every session of the database each time.
    const users = await repos.users.createAll([
      {email: 'picked@example.com'},
      {email: 'other-1@example.com'},
      {email: 'other-2@example.com'},
    ]);
    const id = users[0]!.id;
    const connector = dataSource.connector as unknown as DurableMemory;
    const parsed = sinon.spy(connector, 'fromDb');
    try {
      const whole = await repos.users.findOne({where: {id}});
      expect(whole?.email).to.equal('picked@example.com');
      expect(parsed.callCount).to.equal(1);
      const picked = await repos.users.findOne({
        where: {id},
        fields: {id: true, email: true},
      });
      expect(picked?.toJSON()).to.eql({id, email: 'picked@example.com'});
      expect(parsed.callCount).to.equal(2);
    } finally {
      parsed.restore();
    }
  });

  it('answers ENTITY_NOT_FOUND for an unknown id', async () => {
    await expect(repos.users.findById('no-such-id')).to.be.rejectedWith({
      code: 'ENTITY_NOT_FOUND',
    });
  });

  it("finds nothing under the names of Object.prototype's properties", async () => {
    // Client ids come from requests: `__proto__` must be an unknown client.
    for (const id of ['__proto__', 'constructor', 'toString']) {
      await expect(repos.users.findById(id)).to.be.rejectedWith({
        code: 'ENTITY_NOT_FOUND',
      });
      expect(await repos.users.findOne({where: {id}})).to.be.null();
      expect(
        await repos.users.findOne({where: {id}, fields: {id: true}}),
      ).to.be.null();
    }
  });

  it('keeps hidden properties out of JSON', async () => {
    const user = await repos.users.create({email: 'hidden@example.com'});
    const credential = await repos.passwords.create({
      userId: user.id,
      hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    });
    const found = await repos.passwords.findById(credential.id);
    expect(found.hash).to.startWith('$argon2id$');
    expect(found.toJSON()).to.not.have.property('hash');
  });
});
