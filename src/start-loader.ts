// How scripts/start.js loads the service: dist/start.bundle.js (the
// service, LoopBack and its libraries in one file, scripts/bundle-start.js)
// compiled with a V8 code cache, so a start neither resolves 1,500 modules
// nor parses 5 MB of JavaScript. Without a bundle (an install without
// devDependencies) it loads dist/ as tsc wrote it. Node built-ins only.

import {createHash} from 'node:crypto';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import type {StartHooks} from './index';

/** What dist/start-service.js exports. */
export interface StartService {
  installStandIns(): string[];
  run(hooks?: StartHooks): Promise<void>;
}

export const START_BUNDLE = path.join(__dirname, 'start.bundle.js');
/** V8's compiled code of the bundle, from the first start that made it. */
export const START_CACHE = path.join(__dirname, 'start.bundle.cache');

/**
 * What the cache was made from. V8 itself checks its version and flags but
 * only the source's length, so the bundle's size and time are part of it.
 */
function cacheKey(bundle: fs.Stats): string {
  return JSON.stringify([
    process.version,
    process.arch,
    process.execArgv,
    bundle.size,
    bundle.mtimeMs,
  ]);
}

/**
 * The file: a 4-byte header length, the header (JSON: the key and the
 * data's SHA-256), V8's data. V8 does not checksum it in release builds, so
 * the digest keeps a damaged file from being run.
 */
interface CacheHeader {
  key: string;
  sha256: string;
}

function digest(data: Buffer): string {
  return createHash('sha256').update(data).digest('base64url');
}

/** The cached code saved for `key`, or undefined. */
function readCache(key: string): Buffer | undefined {
  try {
    const file = fs.readFileSync(START_CACHE);
    const length = file.readUInt32LE(0);
    const header = JSON.parse(
      file.toString('utf8', 4, 4 + length),
    ) as CacheHeader;
    const data = file.subarray(4 + length);
    if (header.key !== key || header.sha256 !== digest(data)) return undefined;
    return data;
  } catch {
    return undefined;
  }
}

/** Saves the code compiled so far; a read-only dist/ is left alone. */
function writeCache(key: string, script: vm.Script): void {
  const temporary = `${START_CACHE}.${process.pid}`;
  try {
    const data = script.createCachedData();
    const header: CacheHeader = {key, sha256: digest(data)};
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.length, 0);
    fs.writeFileSync(temporary, Buffer.concat([length, json, data]));
    fs.renameSync(temporary, START_CACHE);
  } catch {
    fs.rmSync(temporary, {force: true});
  }
}

/** Runs the bundle as Node runs a CommonJS file; returns its exports. */
function runBundle(script: vm.Script): StartService {
  const bundle = new Module(START_BUNDLE, module);
  bundle.filename = START_BUNDLE;
  require.cache[START_BUNDLE] = bundle;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(
    bundle.exports,
    bundle.exports,
    Module.createRequire(START_BUNDLE),
    bundle,
    START_BUNDLE,
    __dirname,
  );
  bundle.loaded = true;
  return bundle.exports as StartService;
}

/**
 * The bundled service, and the hook that saves the code cache before the
 * service listens when there was none for this bundle, this Node and these
 * flags.
 */
function loadBundle(): {service: StartService; hooks: StartHooks} {
  const key = cacheKey(fs.statSync(START_BUNDLE));
  const cachedData = readCache(key);
  const script = new vm.Script(
    Module.wrap(fs.readFileSync(START_BUNDLE, 'utf8')),
    {
      filename: START_BUNDLE,
      cachedData,
      importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    },
  );
  const service = runBundle(script);
  const fresh = cachedData !== undefined && !script.cachedDataRejected;
  return {
    service,
    // Booted and migrated, so the cache holds nearly every function a start
    // compiles; before listening, so no request waits on the writing.
    hooks: {
      beforeListen: () => {
        if (!fresh) writeCache(key, script);
      },
    },
  };
}

/**
 * `npm start`: the service from the bundle when there is one. Stack traces
 * name the bundle's lines; Node maps them to src/ with
 * `--enable-source-maps` (NODE_OPTIONS), at a cost to start and memory.
 */
export function startService(): Promise<void> {
  if (!fs.existsSync(START_BUNDLE)) {
    const service = require('./start-service') as StartService;
    service.installStandIns();
    return service.run();
  }
  // The bundle has the stand-ins built in.
  const {service, hooks} = process.sourceMapsEnabled
    ? // Node's own loader, which reads the bundle's source map.
      {service: require(START_BUNDLE) as StartService, hooks: {}}
    : loadBundle();
  return service.run(hooks);
}
