// `npm start`: compiles src/ only when it changed since the last build, then
// runs the service in this process (one node process, no npm lifecycle
// step in between). Plain CommonJS that Node 20 runs as is. In production
// run the start script's command line (package.json) without npm.
'use strict';
const path = require('node:path');
const {ROOT, buildIfStale} = require('./build-if-stale');

buildIfStale();
// The service bundled in one file (dist/start.bundle.js) with a V8 code
// cache, stand-ins for strong-globalize and swagger-ui-dist's bundle, and
// source-mapped stacks: see src/start-loader.ts. No
// module.enableCompileCache(): it keeps the cached code of every module in
// memory. V8's heap flags are in package.json's start script.
require(path.join(ROOT, 'dist', 'start-loader.js'))
  .startService()
  .catch(() => {});
