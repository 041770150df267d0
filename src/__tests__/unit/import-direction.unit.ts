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
  mfa: 5,
  applications: 6,
  providers: 7,
  enterprise: 8,
  oidc: 9,
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

/** The project's files a file loads, as paths relative to src. */
function loadedBy(file: string): string[] {
  return valueImports(file).map(s => path.relative(SRC, resolve(file, s)));
}

const isController = (relative: string) =>
  relative.startsWith(`controllers${path.sep}`);

describe('import direction between features (unit)', () => {
  it('ranks every feature folder, so none escapes the check', () => {
    // featureOf ignores a folder without a rank: a new feature must be placed.
    const unranked = ['services', 'controllers'].flatMap(kind =>
      fs
        .readdirSync(path.join(SRC, kind), {withFileTypes: true})
        .filter(entry => entry.isDirectory() && !(entry.name in RANK))
        .map(entry => `${kind}/${entry.name}`),
    );
    expect(unranked).to.eql([]);
  });

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

  it('no service loads the gathered keys (src/keys.ts) or a controller', () => {
    const wrong: string[] = [];
    for (const file of sources(path.join(SRC, 'services'))) {
      const own = path.relative(SRC, file);
      for (const target of loadedBy(file)) {
        const gathered = target === 'keys.ts';
        if (gathered || isController(target)) wrong.push(`${own} -> ${target}`);
      }
    }
    // A service injects through its own feature's keys.ts or a lower
    // feature's (or the shared keys in services/platform/keys.ts), so the
    // ladder above sees every key it depends on.
    expect(wrong).to.eql([]);
  });

  it('nothing but controllers and the composition root loads a controller', () => {
    const wrong: string[] = [];
    for (const file of sources(SRC)) {
      const own = path.relative(SRC, file);
      // The composition root (component, its artifact lists, the
      // stand-alone shell) sits directly in src and mounts the controllers;
      // tests drive them.
      if (isController(own) || !own.includes(path.sep)) continue;
      if (own.startsWith(`__tests__${path.sep}`)) continue;
      for (const target of loadedBy(file)) {
        if (isController(target)) wrong.push(`${own} -> ${target}`);
      }
    }
    // What a controller shares with others moves down to where they can
    // load it (a service, src/errors, src/strategies).
    expect(wrong).to.eql([]);
  });
});
