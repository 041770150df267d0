// Compiles src/ only when it changed since the last successful build
// (`npm start`, `npm run migrate`); `--stamp` records a build (postbuild).
// Plain CommonJS that Node 20 runs as is: it runs before anything is built.
'use strict';
const {spawnSync} = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const STAMP = path.join(ROOT, 'dist', '.build-stamp');
/** What the compiled output depends on, besides the compiler itself. */
const SOURCES = ['src', 'tsconfig.json', 'package.json'];

/**
 * The newest modification time and the number of entries under SOURCES.
 * Directories count too, so a deleted or renamed file changes it.
 */
function sourceFingerprint() {
  let newest = 0;
  let count = 0;
  const visit = file => {
    const stat = fs.statSync(file, {throwIfNoEntry: false});
    if (!stat) return;
    newest = Math.max(newest, stat.mtimeMs);
    count++;
    if (!stat.isDirectory()) return;
    for (const name of fs.readdirSync(file)) visit(path.join(file, name));
  };
  for (const name of SOURCES) visit(path.join(ROOT, name));
  return `${newest}:${count}`;
}

/** True when dist/ was built from the sources as they are now. */
function isBuilt() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'index.js'))) return false;
  // An installed package ships dist/ without src/: nothing to compile.
  if (!fs.existsSync(path.join(ROOT, 'src'))) return true;
  let stamp;
  try {
    stamp = fs.readFileSync(STAMP, 'utf8').trim();
  } catch {
    return false;
  }
  return stamp === sourceFingerprint();
}

/** `npm run build`; its postbuild step writes the stamp. */
function build() {
  console.error('No build of the current sources: compiling (npm run build)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', '--silent', 'build'], {
    cwd: ROOT,
    // The sources as the build read them: a file saved during the build
    // leaves the stamp stale, so the next start compiles again.
    env: {...process.env, IDENTITY_BUILD_FINGERPRINT: sourceFingerprint()},
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error('The build failed: see the errors above.');
    process.exit(result.status || 1);
  }
}

function writeStamp() {
  fs.mkdirSync(path.dirname(STAMP), {recursive: true});
  const fingerprint =
    process.env.IDENTITY_BUILD_FINGERPRINT || sourceFingerprint();
  fs.writeFileSync(STAMP, fingerprint + '\n');
}

/** Builds unless dist/ is up to date with src/. */
function buildIfStale() {
  if (!isBuilt()) build();
}

module.exports = {ROOT, buildIfStale};

if (require.main === module) {
  if (process.argv.includes('--stamp')) writeStamp();
  else buildIfStale();
}
