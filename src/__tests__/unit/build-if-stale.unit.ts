import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** scripts/build-if-stale.js: whether `npm start` must compile first. */
interface BuildIfStale {
  isBuilt(root: string): boolean;
  writeStamp(root: string): void;
}

const {isBuilt, writeStamp} = require(
  path.resolve(__dirname, '../../../scripts/build-if-stale.js'),
) as BuildIfStale;

/**
 * Issue 14: `npm start` compiles only when the sources changed since the
 * last build, and always when there is no build.
 */
describe('npm start: compile only when the sources changed (unit)', () => {
  let root: string;
  /**
   * A later modification time for each touch, whatever the file system's
   * grain, and earlier than now: a rename still dates its folder now.
   */
  let clock = Date.now() / 1000 - 100000;

  function write(file: string, text = 'x'): void {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), {recursive: true});
    fs.writeFileSync(full, text);
    touch(file);
  }

  function touch(file: string): void {
    clock += 10;
    fs.utimesSync(path.join(root, file), clock, clock);
  }

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-stamp-'));
    write('package.json', '{}');
    write('tsconfig.json', '{}');
    write('src/index.ts');
    write('src/services/a.ts');
    write('src/__tests__/unit/a.unit.ts');
    write('dist/index.js');
    age(root);
    writeStamp(root);
  });

  /** Dates every entry before the first touch, folders included. */
  function age(file: string): void {
    const base = Date.now() / 1000 - 200000;
    fs.utimesSync(file, base, base);
    if (!fs.statSync(file).isDirectory()) return;
    for (const name of fs.readdirSync(file)) age(path.join(file, name));
  }
  afterEach(() => fs.rmSync(root, {recursive: true, force: true}));

  it('starts without compiling when nothing changed since the build', () => {
    expect(isBuilt(root)).to.be.true();
  });

  it('compiles when there is no build, or no record of one', () => {
    fs.rmSync(path.join(root, 'dist', '.build-stamp'));
    expect(isBuilt(root)).to.be.false();
    writeStamp(root);
    fs.rmSync(path.join(root, 'dist', 'index.js'));
    expect(isBuilt(root)).to.be.false();
  });

  it('compiles after a source file is saved, and not again once built', () => {
    touch('src/services/a.ts');
    expect(isBuilt(root)).to.be.false();
    writeStamp(root);
    expect(isBuilt(root)).to.be.true();
  });

  it('compiles after a source file is added, deleted or renamed', () => {
    write('src/services/b.ts');
    expect(isBuilt(root)).to.be.false();
    writeStamp(root);
    fs.rmSync(path.join(root, 'src/services/b.ts'));
    expect(isBuilt(root)).to.be.false();
    writeStamp(root);
    fs.renameSync(
      path.join(root, 'src/services/a.ts'),
      path.join(root, 'src/services/c.ts'),
    );
    expect(isBuilt(root)).to.be.false();
  });

  it('compiles after package.json or tsconfig.json change', () => {
    touch('package.json');
    expect(isBuilt(root)).to.be.false();
    writeStamp(root);
    touch('tsconfig.json');
    expect(isBuilt(root)).to.be.false();
  });

  it('does not compile for a change to the tests alone', () => {
    touch('src/__tests__/unit/a.unit.ts');
    write('src/__tests__/unit/b.unit.ts');
    expect(isBuilt(root)).to.be.true();
  });
});
