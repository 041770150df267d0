import {expect} from '@loopback/testlab';
import fs from 'node:fs';
import path from 'node:path';

/** The project's sources, from dist/__tests__/unit. */
const SRC = path.resolve(__dirname, '../../../src');

/**
 * Features from the bottom up (docs/architecture.md): a feature imports only
 * from its own rank or below, so features form a ladder, not a circle.
 */
const RANK: Record<string, number> = {
  platform: 0,
  store: 1,
  mail: 1,
  abuse: 2,
  tokens: 3,
  accounts: 4,
  applications: 5,
  providers: 6,
  oidc: 7,
};

/** `services/tokens/x.ts` → `tokens`; a file outside a feature folder → undefined. */
function featureOf(file: string): string | undefined {
  const [kind, feature] = path.relative(SRC, file).split(path.sep);
  if (kind !== 'services' && kind !== 'controllers') return undefined;
  return feature && feature in RANK ? feature : undefined;
}

function sources(dir: string): string[] {
  return fs.readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** The relative modules a file loads, leaving out `import type`/`export type`. */
function valueImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const statements = text.matchAll(
    /^(import|export)\s+(type\s+)?[^;]*?from\s+'(\.[^']*)'/gms,
  );
  return [...statements].filter(m => !m[2]).map(m => m[3]!);
}

function resolve(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  return fs.existsSync(`${base}.ts`) ? `${base}.ts` : base;
}

describe('import direction between features (unit)', () => {
  it('no service or controller imports from a feature above its own', () => {
    const upward: string[] = [];
    for (const kind of ['services', 'controllers']) {
      for (const file of sources(path.join(SRC, kind))) {
        const own = featureOf(file);
        if (!own) continue;
        for (const specifier of valueImports(file)) {
          const target = resolve(file, specifier);
          const theirs = featureOf(target);
          if (theirs && RANK[theirs]! > RANK[own]!) {
            upward.push(
              `${path.relative(SRC, file)} -> ${path.relative(SRC, target)}`,
            );
          }
        }
      }
    }
    // A piece two features share moves down to the lower one.
    expect(upward).to.eql([]);
  });
});
