// `npm run demo`: the service on its own embedded database, with two local
// providers a person can sign in with, so every flow can be clicked through
// without a third-party account.

import {ConfigError} from './config';
import {RunningDemo, startDemo} from './demo/start-demo';

/** Reads the ports from the environment, starts everything, says where. */
export async function main(env = process.env): Promise<RunningDemo> {
  const demo = await startDemo({
    host: setting(env, 'HOST') ?? '127.0.0.1',
    port: portFrom(env, 'PORT', 3000),
    oidcPort: portFrom(env, 'DEMO_OIDC_PORT', 3001),
    facebookPort: portFrom(env, 'DEMO_FACEBOOK_PORT', 3002),
    dataDir: setting(env, 'DEMO_DATA_DIR') ?? './data/demo',
    logLevel: setting(env, 'LOG_LEVEL') ?? 'warn',
  });
  const stop = () => {
    demo.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  console.log(instructions(demo));
  return demo;
}

function instructions(demo: RunningDemo): string {
  return `
  Identity service demo is running.

    Open ${demo.baseUrl} in your browser.

    Service            ${demo.baseUrl}   (API explorer: ${demo.baseUrl}/explorer)
    Demo (OIDC)        ${demo.oidc.issuer}   any login and password; an email as login is shared as verified
    Facebook (demo)    ${demo.facebook.url}   type a name and an email, then Allow or Deny

  Try: create an account, "Continue with Demo", link "Facebook (demo)" from
  your account, sign out, sign in with "Facebook (demo)", unlink one.
  Two-step verification: "Set up an authenticator app" (scan the QR code, or
  read the code with Debian's oathtool: oathtool --totp -b THEKEY), save the
  recovery codes, "Add a passkey", sign out, "Sign in with a passkey"; sign in
  with the password and "Use a recovery code" as if the phone were lost.
  Data: ${demo.config.dataDir} (delete it to start over). Mail: ${demo.config.dataDir}/outbox.
  Press Ctrl-C to stop all three. (oidc-provider's warnings about its
  development-only login page and in-memory storage are expected here.)
`;
}

/** A variable's value; empty counts as unset, as for the service itself. */
function setting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value ? value : undefined;
}

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number) {
  const raw = setting(env, name);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError([`${name} must be a port number, got "${raw}"`]);
  }
  return port;
}

if (require.main === module) {
  main().catch(err => {
    console.error(
      err instanceof ConfigError
        ? err.message
        : `Cannot start the demo: ${err}`,
    );
    process.exit(1);
  });
}
