import {expect} from '@loopback/testlab';
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {formatGlobalized, strongGlobalizeStandIn} from '../../stand-ins';

const ROOT = path.resolve(__dirname, '../../..');
/** The packages that load strong-globalize, with their messages. */
const GLOBALIZED = [
  'loopback-datasource-juggler',
  'loopback-connector',
  'loopback-connector-postgresql',
  'loopback-connector-mongodb',
  'strong-error-handler',
];

/** Every `g.f('…')`-style literal message in a package's own sources. */
function messagesOf(pkg: string): string[] {
  const found: string[] = [];
  const call =
    /\bg\.(?:f|warn|error|log|info|debug|format|Error)\(\s*'((?:\\.|[^'\\])*)'/g;
  const visit = (dir: string) => {
    for (const name of fs.readdirSync(dir)) {
      if (name === 'node_modules' || name === 'test') continue;
      const file = path.join(dir, name);
      if (fs.statSync(file).isDirectory()) visit(file);
      else if (name.endsWith('.js')) {
        const text = fs.readFileSync(file, 'utf8');
        for (const match of text.matchAll(call)) {
          found.push(match[1]!.replace(/\\(.)/g, '$1'));
        }
      }
    }
  };
  visit(path.dirname(require.resolve(`${pkg}/package.json`, {paths: [ROOT]})));
  return found;
}

/** The real strong-globalize, set up as those packages set it up. */
function realGlobalizer(): {f(...args: unknown[]): string} {
  const from = {paths: [require.resolve('loopback-datasource-juggler')]};
  const SG = require(require.resolve('strong-globalize', from)) as {
    (): {f(...args: unknown[]): string};
    // eslint-disable-next-line @typescript-eslint/naming-convention -- its API
    SetRootDir(dir: string, options: object): void;
  };
  for (const pkg of GLOBALIZED) {
    const dir = path.dirname(
      require.resolve(`${pkg}/package.json`, {paths: [ROOT]}),
    );
    SG.SetRootDir(dir, {autonomousMsgLoading: 'all'});
  }
  return SG();
}

describe('stand-ins for npm start', () => {
  const SAMPLES: unknown[] = [
    'v0',
    42,
    {a: 1},
    undefined,
    null,
    'x%sy',
    [1, 2],
  ];

  it('formats every message LoopBack passes to strong-globalize as the real module does', () => {
    const real = realGlobalizer();
    const messages = GLOBALIZED.flatMap(messagesOf);
    expect(messages.length).to.be.above(150);
    const differences: string[] = [];
    for (const message of messages) {
      const count = (message.match(/%[sdj]/g) ?? []).length;
      for (let shift = 0; shift < SAMPLES.length; shift++) {
        const args = Array.from(
          {length: count},
          (_, i) => SAMPLES[(i + shift) % SAMPLES.length],
        );
        const expected = real.f(message, ...args);
        const actual = formatGlobalized(message, ...args);
        if (actual !== expected) differences.push(`${message}: ${actual}`);
      }
    }
    expect(differences).to.eql([]);
  });

  it('prints warnings to standard error, formatted', () => {
    const printed: unknown[] = [];
    const original = console.error;
    console.error = (line: unknown) => printed.push(line);
    try {
      strongGlobalizeStandIn().warn('{{Model}} %s has no %j', 'User', 'id');
    } finally {
      console.error = original;
    }
    expect(printed).to.eql(['Model User has no "id"']);
  });

  it('stands in where LoopBack resolves the real modules, and juggler still reads right', () => {
    // A fresh process: the stand-ins go into Node's module cache.
    const script = `
      const installed = require('./dist/stand-ins').installStandIns();
      const {juggler} = require('@loopback/repository');
      require('@loopback/rest-explorer');
      const loaded = Object.keys(require.cache).filter(f =>
        /node_modules\\/strong-globalize\\/lib\\/|swagger-ui-bundle/.test(f));
      const ds = new juggler.DataSource({connector: 'memory'});
      const Note = ds.define('Note', {title: String});
      Note.findById(undefined, err => {
        console.log(JSON.stringify({installed: installed.length, loaded, message: err.message}));
      });`;
    const out = execFileSync(process.execPath, ['-e', script], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).to.eql({
      installed: 2,
      loaded: [],
      message: 'Model::findById requires the id argument',
    });
  });
});
