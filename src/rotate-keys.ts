import {IdentityApplication} from './application';
import {ConfigError, loadConfig} from './config';
import {IdentityBindings} from './keys';

/**
 * `npm run rotate-keys [-- --retire-previous]`: a new Ed25519 key signs
 * from now on; older keys keep verifying, or with `--retire-previous` stop
 * once every token they signed has expired. Running nodes pick the new key
 * up within a minute.
 */
export async function rotateKeys(args: string[]): Promise<void> {
  const {config} = loadConfig(process.env);
  const app = new IdentityApplication(config);
  await app.boot();
  try {
    const rotation = await app.get(IdentityBindings.KEY_ROTATION_SERVICE);
    const result = await rotation.rotate({
      retirePrevious: args.includes('--retire-previous'),
    });
    console.log(`New signing key: ${result.kid}`);
    for (const {kid, at} of result.retiring) {
      console.log(`Key ${kid} stops verifying at ${at.toISOString()}`);
    }
  } finally {
    await app.stop();
  }
}

if (require.main === module) {
  rotateKeys(process.argv.slice(2)).catch(err => {
    console.error(
      err instanceof ConfigError ? err.message : 'Cannot rotate keys:',
      err instanceof ConfigError ? '' : err,
    );
    process.exit(1);
  });
}
