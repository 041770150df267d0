import {expect, sinon} from '@loopback/testlab';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {tempFileOf, writeFileAtomic} from '../../datasources/atomic-write';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-write-'));
  });
  afterEach(() => {
    sinon.restore();
    fs.rmSync(dir, {recursive: true, force: true});
  });

  it('replaces the file, readable only by its owner, leaving no temp file', async () => {
    const file = path.join(dir, 'db.json');
    fs.writeFileSync(file, 'old', {mode: 0o644});

    await writeFileAtomic(file, 'new');

    expect(fs.readFileSync(file, 'utf8')).to.equal('new');
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    expect(fs.readdirSync(dir)).to.deepEqual(['db.json']);
  });

  it('keeps the old content and removes the temp file when the write fails', async () => {
    const file = path.join(dir, 'db.json');
    fs.writeFileSync(file, 'old');
    sinon
      .stub(fs.promises, 'rename')
      .rejects(Object.assign(new Error('EIO: i/o error'), {code: 'EIO'}));

    await expect(writeFileAtomic(file, 'new')).to.be.rejectedWith(/EIO/);

    expect(fs.readFileSync(file, 'utf8')).to.equal('old');
    expect(fs.existsSync(tempFileOf(file))).to.be.false();
  });

  it('overwrites a temp file left by a crashed write', async () => {
    const file = path.join(dir, 'db.json');
    fs.writeFileSync(tempFileOf(file), '{"trunc', {mode: 0o644});

    await writeFileAtomic(file, '{}');

    expect(fs.readFileSync(file, 'utf8')).to.equal('{}');
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
  });
});
