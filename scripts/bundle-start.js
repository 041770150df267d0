// postbuild: bundles what `npm start` loads into dist/start.bundle.js, so
// a start reads one file instead of about 1,500 modules (issue 14: a start
// under a second). The tests, `node .` and host applications load dist/ as
// tsc wrote it; only scripts/start.js loads the bundle (dist/start-loader).
// Plain CommonJS that Node 20 runs as is.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const ENTRY = path.join(DIST, 'start-service.js');
const OUT = path.join(DIST, 'start.bundle.js');

/**
 * Left to Node's own `require` at run time, resolved from dist/ as before:
 * - native code (argon2);
 * - the database drivers' optional native parts, and MongoDB's driver;
 * - libraries loaded at first use only (SAML, LDAP, Redis, mail, TOTP,
 *   passkeys, openid-client): not parsed by a start that never uses them;
 * - Passport strategies, which providers.json names and the service
 *   requires by name: one copy of each, whoever loads it;
 * - source-map-support and pino's transport worker (thread-stream), which
 *   nothing loads unless asked to.
 */
const EXTERNAL = [
  '@node-rs/argon2',
  'pg-native',
  'mongodb',
  'ldapts',
  'ioredis',
  'nodemailer',
  'otplib',
  'qrcode',
  'bcryptjs',
  '@node-saml/*',
  '@xmldom/*',
  'xml-crypto',
  'xml-encryption',
  'openid-client',
  'oauth4webapi',
  '@simplewebauthn/*',
  'rate-limiter-flexible',
  'rate-limiter-flexible/*',
  'passport-*',
  'source-map-support',
  'thread-stream',
];

/**
 * Required at first use only, and large: left out of the bundle (about a
 * quarter of it), each loaded from node_modules as the module that asks
 * for it would find it (express keeps its own iconv-lite).
 */
const LOADED_LATER = ['iconv-lite', '@zxcvbn-ts/language-common'];

const loadedLater = {
  name: 'loaded-later',
  setup(build) {
    const names = LOADED_LATER.map(name => name.replace(/[/]/g, '\\/'));
    const filter = new RegExp(`^(${names.join('|')})$`);
    build.onResolve({filter}, args => {
      const file = require.resolve(args.path, {paths: [args.resolveDir]});
      const relative = path.relative(DIST, file).split(path.sep).join('/');
      return {path: `./${relative}`, external: true};
    });
  },
};

/**
 * `__dirname` and `__filename` of a bundled module are its own file's, as
 * if it were loaded from node_modules (templates, views, package.json),
 * computed from the bundle's folder so the checkout can move.
 */
const ownPaths = {
  name: 'own-paths',
  setup(build) {
    build.onLoad({filter: /\.c?js$/}, async args => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(source)) return undefined;
      const relative = path.relative(DIST, args.path).split(path.sep).join('/');
      const header =
        `var __filename = require("path").join(__startBundleDir, ${JSON.stringify(relative)}),` +
        ' __dirname = require("path").dirname(__filename);\n';
      return {contents: header + source, loader: 'js'};
    });
  },
};

/**
 * The stand-ins (dist/stand-ins) in place of strong-globalize and
 * swagger-ui-dist's main module, as scripts/start.js used to install them.
 */
const standIns = {
  name: 'stand-ins',
  setup(build) {
    const standIn = path.join(DIST, 'stand-ins', 'index.js');
    build.onResolve({filter: /^(strong-globalize|swagger-ui-dist)$/}, args => ({
      path: args.path,
      namespace: 'stand-in',
    }));
    build.onLoad({filter: /.*/, namespace: 'stand-in'}, args => ({
      resolveDir: DIST,
      loader: 'js',
      contents:
        args.path === 'strong-globalize'
          ? `module.exports = require(${JSON.stringify(standIn)}).strongGlobalizeStandIn;`
          : `module.exports = require(${JSON.stringify(standIn)})` +
            '.swaggerUiDistStandIn(require("module").createRequire(' +
            '__startBundleDir + "/").resolve("swagger-ui-dist"));',
    }));
  },
};

async function bundle() {
  const esbuild = require('esbuild');
  // The code cache of the previous bundle (src/start-loader.ts).
  fs.rmSync(path.join(DIST, 'start.bundle.cache'), {force: true});
  await esbuild.build({
    entryPoints: [ENTRY],
    outfile: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: EXTERNAL,
    plugins: [ownPaths, standIns, loadedLater],
    banner: {js: 'var __startBundleDir = __dirname;'},
    // Class and function names are kept (LoopBack binds by them); only
    // whitespace and comments go.
    minifyWhitespace: true,
    legalComments: 'none',
    charset: 'ascii',
    // Stack traces map back to src/ through dist/'s own source maps.
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
}

if (require.main === module) {
  let esbuildInstalled = true;
  try {
    require.resolve('esbuild');
  } catch {
    esbuildInstalled = false;
  }
  if (!esbuildInstalled) {
    // An install without devDependencies: start loads dist/ as it is.
    fs.rmSync(OUT, {force: true});
    console.warn('esbuild is not installed: npm start loads dist/ unbundled');
  } else {
    bundle().catch(err => {
      console.error(err);
      process.exit(1);
    });
  }
}

module.exports = {OUT};
