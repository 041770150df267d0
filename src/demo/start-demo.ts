import path from 'node:path';
import {IdentityApplication, IdentityApplicationOptions} from '../application';
import {AppConfig, Env, loadConfig} from '../config';
import {IdentityBindings} from '../keys';
import {DemoOidcProvider, startDemoOidcProvider} from './demo-oidc-provider';
import {
  callbackUrl,
  DEMO_ENTRY,
  FACEBOOK_DEMO_ENTRY,
  writeDemoProviders,
} from './demo-providers';
import {
  FacebookDemoServer,
  startFacebookDemoServer,
} from './facebook-demo-server';
import {freePort} from './listen';

export interface DemoOptions {
  /** Interface all three listen on. */
  host: string;
  /** The service's port; 0 picks a free one. */
  port: number;
  oidcPort: number;
  facebookPort: number;
  /** The demo's own data directory, never the real `./data`. */
  dataDir: string;
  logLevel?: string;
  /** Passed to the application (tests: a clock, rate limits). */
  appOptions?: IdentityApplicationOptions;
}

export interface RunningDemo {
  app: IdentityApplication;
  config: AppConfig;
  /** `http://localhost:{port}`: a secure context, so PKCE's crypto.subtle works. */
  baseUrl: string;
  oidc: DemoOidcProvider;
  facebook: FacebookDemoServer;
  /** Stops the service, then both providers. */
  stop(): Promise<void>;
}

/**
 * Starts the two local providers, writes their providers.json, then the
 * service on the embedded database with that file. If a step fails, what
 * was started is stopped again.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const port = options.port || (await freePort(options.host));
  const baseUrl = `http://localhost:${port}`;
  // Wildcard addresses are not reachable as such; loopback always is.
  const publicHost = ['0.0.0.0', '::', ''].includes(options.host)
    ? '127.0.0.1'
    : options.host;
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    const oidc = await startDemoOidcProvider({
      port: options.oidcPort,
      host: options.host,
      publicHost,
      redirectUri: callbackUrl(baseUrl, DEMO_ENTRY),
    });
    stops.push(() => oidc.stop());
    const facebook = await startFacebookDemoServer({
      port: options.facebookPort,
      host: options.host,
      publicHost,
      redirectUri: callbackUrl(baseUrl, FACEBOOK_DEMO_ENTRY),
    });
    stops.push(() => facebook.stop());
    const dataDir = path.resolve(options.dataDir);
    const {config, warnings} = loadConfig(
      demoEnv(options, {port, baseUrl, dataDir}, oidc, facebook),
    );
    const app = new IdentityApplication(config, options.appOptions);
    stops.push(() => app.stop());
    const log = app.getSync(IdentityBindings.LOGGER);
    for (const warning of warnings) log.warn(warning);
    await app.boot();
    await app.migrateSchema();
    await app.start();
    return {app, config, baseUrl, oidc, facebook, stop: stopAll};
  } catch (err) {
    await stopAll();
    throw err;
  }
}

/**
 * The service's environment: the embedded database and in-process store
 * whatever the shell says, so the demo never touches a real deployment.
 */
function demoEnv(
  options: DemoOptions,
  where: {port: number; baseUrl: string; dataDir: string},
  oidc: DemoOidcProvider,
  facebook: FacebookDemoServer,
): Env {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: options.logLevel ?? 'warn',
    HOST: options.host,
    PORT: String(where.port),
    BASE_URL: where.baseUrl,
    DATA_DIR: where.dataDir,
    PROVIDERS_FILE: writeDemoProviders(where.dataDir, oidc, facebook),
    DATABASE_URL: '',
    REDIS_URL: '',
    SMTP_URL: '',
  };
}
