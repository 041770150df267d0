// `npm start`: compiles src/ only when it changed since the last build, then
// runs the service in this process (one node process, no npm lifecycle
// step in between). Plain CommonJS that Node 20 runs as is. In production
// run the start script's command line (package.json) without npm.
'use strict';
const path = require('node:path');
const {ROOT, buildIfStale} = require('./build-if-stale');

buildIfStale();
// No module.enableCompileCache(): it saves about 5% of a start's CPU but
// keeps the cached code of every loaded module in memory (about 10 MB of
// a 110 MB node). V8's heap flags are in package.json's start script.
require('source-map-support/register');
// English-only strong-globalize and swagger-ui-dist without its bundle:
// LoopBack's packages load them in full, a running service needs neither.
require(path.join(ROOT, 'dist', 'stand-ins')).installStandIns();
require(path.join(ROOT, 'dist', 'index.js')).run();
