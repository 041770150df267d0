import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import path from 'node:path';
import {
  IDENTITY_CONTROLLERS,
  IDENTITY_OBSERVERS,
  IDENTITY_REPOSITORIES,
} from '../../component-artifacts';

const DIST = path.resolve(__dirname, '../..');

/** The classes a folder's `*<suffix>.js` files export, found as a booter would. */
function exportedClasses(folder: string, suffix: string): Function[] {
  const found: Function[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, {withFileTypes: true})) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(suffix)) {
        const module = require(file) as Record<string, unknown>;
        for (const value of Object.values(module)) {
          if (typeof value === 'function' && /^class /.test(value.toString()))
            found.push(value);
        }
      }
    }
  };
  walk(path.join(DIST, folder));
  return found;
}

/**
 * The component lists its artifacts (no booter scans a package), so a new
 * controller, repository or observer file that is not listed would simply
 * never run: this finds them the way LoopBack's booters did.
 */
describe('IdentityComponent lists every artifact (unit)', () => {
  const cases: [string, string, Function[]][] = [
    ['controllers', '.controller.js', IDENTITY_CONTROLLERS],
    ['repositories', '.repository.js', IDENTITY_REPOSITORIES],
    ['observers', '.observer.js', IDENTITY_OBSERVERS],
  ];
  for (const [folder, suffix, listed] of cases) {
    it(`lists every class of ${folder}/*${suffix}`, () => {
      const missing = exportedClasses(folder, suffix)
        .filter(cls => !listed.includes(cls))
        .map(cls => cls.name);
      expect(missing).to.eql([]);
    });
  }
});
