import {Application, inject} from '@loopback/core';
import {
  DefaultCrudRepository,
  Entity,
  juggler,
  model,
  property,
  RepositoryMixin,
} from '@loopback/repository';
import {expect, sinon} from '@loopback/testlab';
import {randomUUID} from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {loadConfig} from '../../config';
import {tempFileOf} from '../../datasources/atomic-write';
import {DbDataSource} from '../../datasources/db.datasource';
import {durableMemoryConnector} from '../../datasources/durable-memory.connector';
import {createLogger} from '../../services/platform/logger';
import {IdentityBindings} from '../../keys';

@model()
class Note extends Entity {
  @property({type: 'string', id: true}) id: string;
  @property({type: 'string', required: true}) text: string;
}

class NoteRepository extends DefaultCrudRepository<Note, string> {
  constructor(
    @inject(`datasources.${IdentityBindings.DATASOURCE_NAME}`)
    dataSource: juggler.DataSource,
  ) {
    super(Note, dataSource);
  }
}

describe('durable memory connector (integration)', () => {
  let root: string;
  let dataDir: string;
  let dbFile: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'durable-'));
    dataDir = path.join(root, 'missing/data');
    dbFile = path.join(dataDir, 'db.json');
  });
  afterEach(() => {
    sinon.restore();
    fs.rmSync(root, {recursive: true, force: true});
  });

  it('creates DATA_DIR and keeps an acknowledged write on disk, mode 0600', async () => {
    const notes = givenNoteRepository();
    const note = await notes.create(givenNote('hello'));

    expect(fs.statSync(dbFile).mode & 0o777).to.equal(0o600);
    expect(readNoteIdsOnDisk()).to.deepEqual([note.id]);
  });

  it('answers lookups by id from one record, and other queries in full', async () => {
    const notes = givenNoteRepository();
    const [a, b] = await notes.createAll([givenNote('a'), givenNote('b')]);
    expect(await notes.findById(b!.id)).to.containEql({text: 'b'});
    expect(await notes.findOne({where: {id: a!.id}})).to.containEql({
      text: 'a',
    });
    expect(await notes.findOne({where: {id: 'missing'}})).to.be.null();
    // Not a plain id lookup: the id and another condition must both hold.
    expect(await notes.findOne({where: {id: a!.id, text: 'b'}})).to.be.null();
    const [only] = await notes.find({where: {id: a!.id}, fields: {id: true}});
    expect(only?.toJSON()).to.eql({id: a!.id});
  });

  it('finds after a restart what was written before it', async () => {
    const before = givenNoteRepository();
    const note = await before.create(givenNote('survives'));
    await before.updateById(note.id, {text: 'edited'});
    await before.dataSource.disconnect();

    const after = givenNoteRepository();
    expect(await after.findById(note.id)).to.containEql({text: 'edited'});
  });

  it('ignores a truncated temp file left by a crashed write', async () => {
    const before = givenNoteRepository();
    const note = await before.create(givenNote('good'));
    await before.dataSource.disconnect();
    fs.writeFileSync(tempFileOf(dbFile), '{"ids": {"Note": 2}, "mod');

    const after = givenNoteRepository();
    expect(await after.find()).to.deepEqual([new Note(note)]);
    await after.create(givenNote('next'));
    expect(readNoteIdsOnDisk()).to.have.length(2);
  });

  it('keeps the last good data when a write fails, and rejects that change', async () => {
    const notes = givenNoteRepository();
    const kept = await notes.create(givenNote('kept'));
    sinon
      .stub(fs.promises, 'rename')
      .rejects(Object.assign(new Error('EIO: i/o error'), {code: 'EIO'}));

    await expect(notes.create(givenNote('lost'))).to.be.rejectedWith(/EIO/);

    expect(readNoteIdsOnDisk()).to.deepEqual([kept.id]);
    // A rejected change must not surface later through memory either.
    expect(await notes.find()).to.deepEqual([new Note(kept)]);
    sinon.restore();
    const added = await notes.create(givenNote('added'));
    expect(readNoteIdsOnDisk().sort()).to.deepEqual([kept.id, added.id].sort());
  });

  it('refuses to start on a corrupt file, naming it, and leaves it untouched', async () => {
    fs.mkdirSync(dataDir, {recursive: true});
    const truncated = '{"ids": {"Note": 3}, "models": {"Note": {"a": "{\\"id';
    fs.writeFileSync(dbFile, truncated);

    const err = await givenStartError();

    expect(err).to.have.property('code', 'DATABASE_FILE_CORRUPT');
    expect(err.message).to.containEql(dbFile);
    expect(fs.readFileSync(dbFile, 'utf8')).to.equal(truncated);
  });

  it('refuses to start on an empty file', async () => {
    fs.mkdirSync(dataDir, {recursive: true});
    fs.writeFileSync(dbFile, '');

    const err = await givenStartError();

    expect(err).to.have.property('code', 'DATABASE_FILE_CORRUPT');
    expect(err.message).to.match(/is corrupt \(it is empty\)/);
  });

  it('shares file writes between concurrent changes, acknowledging each on disk', async () => {
    const notes = givenNoteRepository();
    const rename = sinon.spy(fs.promises, 'rename');
    const unacknowledged: string[] = [];

    await Promise.all(
      Array.from({length: 200}, (_, i) =>
        notes.create(givenNote(`note ${i}`)).then(note => {
          if (!readNoteIdsOnDisk().includes(note.id)) {
            unacknowledged.push(note.id);
          }
        }),
      ),
    );

    expect(unacknowledged).to.be.empty();
    expect(readNoteIdsOnDisk()).to.have.length(200);
    const writes = rename.getCalls().filter(c => c.args[1] === dbFile);
    expect(writes.length).to.be.below(20);
  });

  describe('app.migrateSchema() through DbDataSource', () => {
    it('keeps data by default', async () => {
      const first = await givenApp();
      const note = await first.notes.create(givenNote('kept'));
      await first.app.stop();

      const second = await givenApp();
      await second.app.migrateSchema();
      expect(await second.notes.findById(note.id)).to.containEql({
        text: 'kept',
      });
      await second.app.stop();
    });

    it('drops data with existingSchema "drop", durably', async () => {
      const first = await givenApp();
      await first.notes.create(givenNote('dropped'));
      await first.app.migrateSchema({existingSchema: 'drop'});
      await first.app.stop();

      const second = await givenApp();
      expect(await second.notes.find()).to.be.empty();
      expect(fs.existsSync(dbFile)).to.be.true();
      await second.app.stop();
    });
  });

  function givenNoteRepository(): NoteRepository {
    const dataSource = new juggler.DataSource({
      name: 'db',
      connector: durableMemoryConnector,
      file: dbFile,
    });
    return new NoteRepository(dataSource);
  }

  async function givenApp() {
    const {config} = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      APP_SECRET: 'x'.repeat(48),
      LOG_LEVEL: 'silent',
    });
    const app = new (RepositoryMixin(Application))();
    app.bind(IdentityBindings.CONFIG).to(config);
    app.bind(IdentityBindings.LOGGER).to(createLogger('silent'));
    app.dataSource(DbDataSource);
    app.repository(NoteRepository);
    await app.start();
    const notes = await app.get<NoteRepository>('repositories.NoteRepository');
    return {app, notes};
  }

  async function givenStartError(): Promise<Error & {code?: string}> {
    const started = await givenApp().then(
      () => true,
      err => err,
    );
    if (started === true) throw new Error('the application started');
    return started;
  }

  function readNoteIdsOnDisk(): string[] {
    const content = JSON.parse(fs.readFileSync(dbFile, 'utf8'));
    return Object.keys(content.models.Note ?? {});
  }
});

function givenNote(text: string): Partial<Note> {
  return {id: randomUUID(), text};
}
