import {juggler} from '@loopback/repository';
import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import path from 'node:path';
import {durableMemoryConnector} from '../../datasources/durable-memory.connector';
import {UnitOfWork} from '../../repositories';
import {systemClock} from '../../services/platform/clock';
import {givenEmail} from '../fixtures/accounts';
import {givenDataDir, removeDataDir} from '../fixtures/app';
import {givenRepositories, Repositories} from '../fixtures/repositories';

describe('units of work on the embedded database (integration)', () => {
  let dir: string;
  let file: string;
  let repos: Repositories;
  let units: UnitOfWork;

  beforeEach(async () => {
    dir = givenDataDir();
    file = path.join(dir, 'db.json');
    const dataSource = new juggler.DataSource({
      name: 'db',
      connector: durableMemoryConnector,
      file,
    });
    repos = await givenRepositories(dataSource, systemClock);
    units = new UnitOfWork(dataSource);
  });
  afterEach(() => removeDataDir(dir));

  it('is transactional', () => {
    expect(units.transactional).to.be.true();
  });

  it('writes a unit to the file with its commit, never before, whatever else is written meanwhile', async () => {
    let inUnit = '';
    await units.run(async ({options}) => {
      inUnit = (await repos.users.create({email: givenEmail()}, options)).id;
      const other = await repos.users.create({email: givenEmail()});
      // Acknowledged, so on disk; the unit's row is not.
      expect(idsOnDisk('User')).to.containEql(other.id);
      expect(idsOnDisk('User')).to.not.containEql(inUnit);
      // The unit sees its own row, as do the unique checks.
      expect(await repos.users.findById(inUnit, undefined, options)).to.be.ok();
    });
    expect(idsOnDisk('User')).to.containEql(inUnit);
  });

  it('rolls a failed unit back in memory, and nothing of it reaches the file', async () => {
    const email = givenEmail();
    let userId = '';
    await expect(
      units.run(async ({options}) => {
        userId = (await repos.users.create({email}, options)).id;
        await repos.passwords.create({userId, hash: 'h'}, options);
        throw new Error('fails mid-unit');
      }),
    ).to.be.rejectedWith('fails mid-unit');
    expect(await repos.users.findByEmail(email)).to.be.null();
    expect(await repos.passwords.findOne({where: {userId}})).to.be.null();
    await repos.users.create({email: givenEmail()});
    expect(idsOnDisk('User')).to.not.containEql(userId);
    expect(idsOnDisk('PasswordCredential')).to.be.empty();
    // The email is free again.
    await repos.users.create({email});
  });

  it('keeps unique keys inside units: of two concurrent units with one email, one commits', async () => {
    const email = givenEmail();
    const results = await Promise.allSettled(
      [1, 2].map(() =>
        units.run(async ({options}) => {
          const user = await repos.users.create({email}, options);
          await repos.passwords.create({userId: user.id, hash: 'h'}, options);
          return user;
        }),
      ),
    );
    const refused = results.filter(r => r.status === 'rejected');
    expect(refused).to.have.length(1);
    expect((refused[0] as PromiseRejectedResult).reason.code).to.equal(
      'EMAIL_TAKEN',
    );
    expect(await repos.users.count({email})).to.eql({count: 1});
    expect(await repos.passwords.count()).to.eql({count: 1});
  });

  it('undoes deletes and updates of a failed unit', async () => {
    const user = await repos.users.create({email: givenEmail(), name: 'Kept'});
    await expect(
      units.run(async ({options}) => {
        await repos.users.updateById(user.id, {name: 'Changed'}, options);
        await repos.users.deleteAll({id: user.id}, options);
        throw new Error('fails mid-unit');
      }),
    ).to.be.rejectedWith('fails mid-unit');
    expect(await repos.users.findById(user.id)).to.containDeep({name: 'Kept'});
  });

  function idsOnDisk(model: string): string[] {
    const content = JSON.parse(fs.readFileSync(file, 'utf8'));
    return Object.keys(content.models[model] ?? {});
  }
});
