import {IdentityApplication} from './application';
import {ConfigError, loadConfig, TokenSigningAlg} from './config';
import {parseTokenSigningAlg} from './config/env-parsers';
import {IdentityBindings} from './keys';
import {RotationOptions} from './services/tokens/key-rotation.service';

const USAGE =
  'usage: npm run rotate-keys [-- [--retire-previous] [--alg RS256|ES256|EdDSA]...]';

/** A wrong command line: its message says what and gives the usage. */
export class UsageError extends Error {}

/**
 * The command line of `rotate-keys`: `--retire-previous`, and `--alg` (once
 * per algorithm, or comma-separated) to rotate only those algorithms.
 * Throws a UsageError for anything else.
 */
export function parseRotateArgs(args: readonly string[]): RotationOptions {
  const options: {retirePrevious?: boolean; algs?: TokenSigningAlg[]} = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--retire-previous') {
      options.retirePrevious = true;
    } else if (arg === '--alg' || arg.startsWith('--alg=')) {
      const value = arg === '--alg' ? args[++i] : arg.slice('--alg='.length);
      if (!value) throw new UsageError(`--alg needs a value\n${USAGE}`);
      options.algs = [
        ...(options.algs ?? []),
        ...value.split(',').map(alg => parseAlg(alg)),
      ];
    } else {
      throw new UsageError(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  return options;
}

function parseAlg(raw: string): TokenSigningAlg {
  try {
    return parseTokenSigningAlg(raw);
  } catch (err) {
    throw new UsageError(`--alg: ${(err as Error).message}\n${USAGE}`);
  }
}

/**
 * `npm run rotate-keys`: a new key signs from now on, for every algorithm
 * in use (TOKEN_SIGNING_ALG and any other whose keys are not retiring), or
 * for those named by `--alg`. Older keys keep verifying, or with
 * `--retire-previous` (every algorithm's) stop once every token they signed
 * has expired. Running nodes pick the new keys up within a minute.
 */
export async function rotateKeys(args: string[]): Promise<void> {
  const options = parseRotateArgs(args);
  const {config} = loadConfig(process.env);
  const app = new IdentityApplication(config);
  await app.boot();
  try {
    const rotation = await app.get(IdentityBindings.KEY_ROTATION_SERVICE);
    const result = await rotation.rotate(options);
    for (const {alg, kid} of result.created) {
      console.log(`New ${alg} signing key: ${kid}`);
    }
    console.log(
      `Tokens are signed with ${config.tokenSigningAlg} key ${result.kid}`,
    );
    for (const {kid, alg, at} of result.retiring) {
      console.log(`${alg} key ${kid} stops verifying at ${at.toISOString()}`);
    }
  } finally {
    await app.stop();
  }
}

if (require.main === module) {
  rotateKeys(process.argv.slice(2)).catch(err => {
    if (err instanceof ConfigError || err instanceof UsageError) {
      console.error(err.message);
    } else {
      console.error('Cannot rotate keys:', err);
    }
    process.exit(1);
  });
}
