// `npm start`: compiles src/ only when it changed since the last build, then
// runs the service in this process (one node process, no npm lifecycle
// step in between). Plain CommonJS that Node 20 runs as is.
'use strict';
const path = require('node:path');
const {ROOT, buildIfStale} = require('./build-if-stale');

buildIfStale();
// Node 22.1+: V8's compiled code cached on disk (in the OS temp folder)
// makes a restart's loading of the modules about a fifth faster.
const nodeModule = require('node:module');
if (typeof nodeModule.enableCompileCache === 'function') {
  nodeModule.enableCompileCache();
}
require('source-map-support/register');
skipSwaggerUiBundle();
require(path.join(ROOT, 'dist', 'index.js')).run();

/**
 * The explorer needs only swagger-ui-dist's folder (getAbsoluteFSPath), but
 * the package's main module also evaluates its 1.4 MB browser bundle: about
 * a tenth of the start's CPU. Stands in for that module with its path
 * functions; the bundle is still served to browsers from that folder.
 */
function skipSwaggerUiBundle() {
  let main;
  let absolutePath;
  try {
    const from = {paths: [require.resolve('@loopback/rest-explorer')]};
    main = require.resolve('swagger-ui-dist', from);
    absolutePath = require(path.join(path.dirname(main), 'absolute-path.js'));
  } catch {
    return; // another layout: load it as it is
  }
  const stub = new (require('node:module'))(main);
  stub.filename = main;
  stub.loaded = true;
  stub.exports = {absolutePath, getAbsoluteFSPath: absolutePath};
  require.cache[main] = stub;
}
