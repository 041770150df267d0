// postinstall: applies patches/ (patch-package) to this project's own
// node_modules. Installed as a dependency of another application, whose
// node_modules hold the patched packages instead, it says so and leaves
// them alone rather than fail that application's install.
// Plain CommonJS: it runs before anything is built, on Node 20 too.
'use strict';
const {spawnSync} = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const PATCHED = 'loopback-connector-postgresql';

if (!fs.existsSync(path.join(ROOT, 'node_modules', PATCHED, 'package.json'))) {
  console.warn(
    `identity-service: ${PATCHED} is not in this package's node_modules; ` +
      'apply patches/ to it with patch-package in your application (see README, Databases)',
  );
  process.exit(0);
}
const cli = require.resolve('patch-package/index.js', {paths: [ROOT]});
const run = spawnSync(process.execPath, [cli], {cwd: ROOT, stdio: 'inherit'});
process.exit(run.status ?? 1);
