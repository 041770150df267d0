// Compiles src/ only when it changed since the last successful build
// (`npm start`, `npm run migrate`); `--stamp` records a build (postbuild).
// Plain CommonJS that Node 20 runs as is: it runs before anything is built.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
/** Where a build records the fingerprint of the sources it read. */
const stampOf = root => path.join(root, 'dist', '.build-stamp');
/** What the compiled output depends on, besides the compiler itself. */
const SOURCES = [
  'src',
  'tsconfig.json',
  'package.json',
  path.join('scripts', 'bundle-start.js'),
];
/**
 * Not looked at: the service does not run its tests, and `npm test` builds
 * before it runs them. Half of src/'s files, half of the check's time.
 */
const IGNORED = path.join('src', '__tests__');

/**
 * The newest modification time and the number of entries under SOURCES.
 * Directories count too, so a deleted or renamed file changes it.
 */
function sourceFingerprint(root = ROOT) {
  let newest = 0;
  let count = 0;
  const ignored = path.join(root, IGNORED);
  const visit = file => {
    if (file === ignored) return;
    const stat = fs.statSync(file, {throwIfNoEntry: false});
    if (!stat) return;
    newest = Math.max(newest, stat.mtimeMs);
    count++;
    if (!stat.isDirectory()) return;
    for (const name of fs.readdirSync(file)) visit(path.join(file, name));
  };
  for (const name of SOURCES) visit(path.join(root, name));
  return `${newest}:${count}`;
}

/** True when dist/ was built from the sources as they are now. */
function isBuilt(root = ROOT) {
  if (!fs.existsSync(path.join(root, 'dist', 'index.js'))) return false;
  // An installed package ships dist/ without src/: nothing to compile.
  if (!fs.existsSync(path.join(root, 'src'))) return true;
  let stamp;
  try {
    stamp = fs.readFileSync(stampOf(root), 'utf8').trim();
  } catch {
    return false;
  }
  return stamp === sourceFingerprint(root);
}

/** `npm run build`; its postbuild step writes the stamp. */
function build() {
  console.error('No build of the current sources: compiling (npm run build)…');
  const {spawnSync} = require('node:child_process');
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

function writeStamp(root = ROOT) {
  fs.mkdirSync(path.dirname(stampOf(root)), {recursive: true});
  const fingerprint =
    process.env.IDENTITY_BUILD_FINGERPRINT || sourceFingerprint(root);
  fs.writeFileSync(stampOf(root), fingerprint + '\n');
}

/** Builds unless dist/ is up to date with src/. */
function buildIfStale() {
  if (!isBuilt()) build();
}

module.exports = {ROOT, buildIfStale, isBuilt, writeStamp};

if (require.main === module) {
  if (process.argv.includes('--stamp')) writeStamp();
  else buildIfStale();
}
