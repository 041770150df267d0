import {expect} from '@loopback/testlab';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import * as root from '../..';
import * as entry from '../../resource-server';

/** The project's root and its built sources, from dist/__tests__/unit. */
const ROOT = path.resolve(__dirname, '../../..');
const DIST = path.join(ROOT, 'dist');

/** What `require(specifier)` loads in a fresh process started in the package. */
function loadedBy(specifier: string): string[] {
  const out = execFileSync(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(specifier)});
       console.log(JSON.stringify(Object.keys(require.cache)));`,
    ],
    {cwd: ROOT, encoding: 'utf8'},
  );
  return JSON.parse(out) as string[];
}

describe('identity-service/resource-server (unit)', () => {
  it('is the package export an API imports, and loads no service, model or database driver', () => {
    // The package refers to itself by name, as an installed one is required.
    const loaded = loadedBy('identity-service/resource-server');
    const ours = loaded
      .filter(file => file.startsWith(DIST + path.sep))
      .map(file => path.relative(DIST, file).split(path.sep).join('/'))
      .sort();
    expect(ours).to.eql(
      [
        'resource-server.js',
        'errors/app-error.js',
        'errors/error-codes.js',
        // Pure: the revocation key format and the Redis key prefix.
        'services/platform/lazy-module.js',
        'services/store/ephemeral-store.js',
        'services/tokens/revocation-keys.js',
        ...[
          'challenge.middleware',
          'errors',
          'identity-token.component',
          'identity-token.strategy',
          'index',
          'introspection-check',
          'issuer-metadata',
          'keys',
          'options',
          'store-check',
          'token-verifier',
        ].map(name => `strategies/identity-token/${name}.js`),
      ].sort(),
    );
    const drivers = loaded.filter(file =>
      /node_modules\/(pg|mongodb|loopback-connector-[^/]+)\//.test(file),
    );
    expect(drivers).to.eql([]);
  });

  it('exports the same names as the package root', () => {
    for (const name of Object.keys(entry)) {
      expect({
        name,
        same:
          (root as Record<string, unknown>)[name] ===
          (entry as Record<string, unknown>)[name],
      }).to.eql({name, same: true});
    }
    expect(Object.keys(entry)).to.containDeep([
      'IDENTITY_TOKEN_STRATEGY',
      'IdentityTokenBindings',
      'IdentityTokenComponent',
      'IdentityTokenStrategy',
      'registerIdentityTokenStrategy',
    ]);
  });
});
