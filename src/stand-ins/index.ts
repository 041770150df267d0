// Stand-ins `npm start` puts in Node's module cache before the service
// loads, for dependencies of LoopBack whose full modules a running service
// does not need. The tests load the real modules (they import dist/), and
// the stand-ins' own tests compare them with the real ones.

import Module from 'node:module';
import {strongGlobalizeStandIn} from './strong-globalize';
import {swaggerUiDistStandIn} from './swagger-ui-dist';

export {formatGlobalized, strongGlobalizeStandIn} from './strong-globalize';
export {swaggerUiDistStandIn} from './swagger-ui-dist';

/**
 * Where `name` resolves from the package that loads it, or undefined when
 * this layout has no such package (the real module then loads as it is).
 */
function resolvedFrom(loader: string, name: string): string | undefined {
  try {
    return require.resolve(name, {paths: [require.resolve(loader)]});
  } catch {
    return undefined;
  }
}

function cache(file: string, exports: unknown): void {
  const stand = new Module(file);
  stand.filename = file;
  stand.loaded = true;
  stand.exports = exports;
  require.cache[file] = stand;
}

/**
 * Caches the stand-ins where LoopBack's packages resolve the real modules;
 * returns the files it stood in for.
 */
export function installStandIns(): string[] {
  const installed: string[] = [];
  const globalize = new Set(
    [
      'loopback-datasource-juggler',
      'loopback-connector',
      'strong-error-handler',
    ].map(loader => resolvedFrom(loader, 'strong-globalize')),
  );
  for (const file of globalize) {
    if (!file || require.cache[file]) continue;
    cache(file, strongGlobalizeStandIn);
    installed.push(file);
  }
  const swagger = resolvedFrom('@loopback/rest-explorer', 'swagger-ui-dist');
  if (swagger && !require.cache[swagger]) {
    try {
      cache(swagger, swaggerUiDistStandIn(swagger));
      installed.push(swagger);
    } catch {
      // another layout of the package: it loads as it is
    }
  }
  return installed;
}
