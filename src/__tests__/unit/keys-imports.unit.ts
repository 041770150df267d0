import {expect} from '@loopback/testlab';
import {execFileSync} from 'node:child_process';
import path from 'node:path';

describe('keys.ts (unit)', () => {
  it('loads no module of the project, so key tags on classes form no cycle', () => {
    // Service classes name their key in `@injectable` when their module is
    // evaluated: if keys.ts loaded them back, one of the two would see the
    // other half-initialised. Run in a fresh process for a clean cache.
    const dist = path.resolve(__dirname, '../..');
    const loaded = execFileSync(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(path.join(dist, 'keys.js'))});
         console.log(JSON.stringify(Object.keys(require.cache)
           .filter(f => f.startsWith(${JSON.stringify(dist)}))));`,
      ],
      {encoding: 'utf8'},
    );
    expect(JSON.parse(loaded)).to.eql([path.join(dist, 'keys.js')]);
  });
});
