import {ApplicationConfig} from '@loopback/core';
import {RepositoryMixin} from '@loopback/repository';
import {RestApplication} from '@loopback/rest';
import {
  RestExplorerBindings,
  RestExplorerComponent,
} from '@loopback/rest-explorer';
import fs from 'node:fs';
import path from 'node:path';
import {IdentityComponent} from './component';
import {AppConfig} from './config';
import {DbDataSource} from './datasources/db.datasource';
import {IdentityBindings} from './keys';
import {Clock, systemClock} from './services/platform/clock';
import {createLogger, Logger} from './services/platform/logger';
import {EXPLORER_PATH} from './services/platform/web-client';
import {
  RateLimitOverrides,
  rateLimitSettings,
} from './services/abuse/rate-limit-settings';

/** The OpenAPI document's and so the explorer's title. */
export const SERVICE_TITLE = 'Identity service';

export interface IdentityApplicationOptions extends ApplicationConfig {
  /** Replaces the system clock, for tests. */
  clock?: Clock;
  /** Replaces the JSON-lines logger, for tests. */
  logger?: Logger;
  /** Replaces some rate limits or lock-out steps (tests, embedding apps). */
  rateLimits?: RateLimitOverrides;
}

/**
 * The stand-alone identity service (`npm start`): a thin shell that owns the
 * server settings (address, TLS, proxies, CORS off in favour of the
 * component's policy), binds the configuration and the datasource, serves
 * the web page and the API explorer, and mounts `IdentityComponent`.
 * Construct with a config from `loadConfig()`.
 */
export class IdentityApplication extends RepositoryMixin(RestApplication) {
  readonly config: AppConfig;

  constructor(config: AppConfig, options: IdentityApplicationOptions = {}) {
    const {clock, logger, rateLimits, ...appOptions} = options;
    super({
      ...appOptions,
      rest: {
        port: config.port,
        host: config.host,
        ...tlsOptions(config),
        gracePeriodForClose: 5000,
        openApiSpec: {setServersFromRequest: true},
        // LoopBack's default CORS allows every origin with credentials;
        // `origin: false` turns it off for CorsMiddlewareProvider's policy.
        cors: {origin: false},
        expressSettings: {
          'x-powered-by': false,
          'trust proxy': config.trustProxy,
        },
        ...appOptions.rest,
      },
    });
    this.config = config;
    const pkg = packageJson();
    this.setMetadata(pkg);
    // The explorer's title says what this is, not the npm package's name.
    this.api({
      openapi: '3.0.0',
      info: {
        title: SERVICE_TITLE,
        version: pkg.version,
        description: pkg.description,
      },
      paths: {},
    });

    this.bind(IdentityBindings.CONFIG).to(config);
    this.bind(IdentityBindings.CLOCK).to(clock ?? systemClock);
    this.bind(IdentityBindings.LOGGER).to(
      logger ?? createLogger(config.logLevel),
    );
    this.bind(IdentityBindings.RATE_LIMIT_SETTINGS).to(
      rateLimitSettings(rateLimits),
    );
    this.dataSource(DbDataSource);

    const publicDir = path.join(__dirname, '../public');
    // Before the explorer's own static files: public/explorer/'s
    // oauth2-redirect.html stands in for swagger-ui-dist's.
    this.static('/', publicDir);
    // Our copy of LoopBack's explorer page, without its inline script and
    // style, so that it runs under the explorer's CSP.
    this.configure(RestExplorerBindings.COMPONENT).to({
      path: EXPLORER_PATH,
      indexTemplatePath: path.join(publicDir, 'explorer/index.html.ejs'),
    });
    this.component(RestExplorerComponent);
    this.component(IdentityComponent);
  }

  /**
   * Nothing to discover: the component lists what it contributes, so no
   * booter scans the service's folders (a ServiceBooter would bind every
   * service a second time). Kept so the shell starts like any LoopBack
   * application: boot, migrate, start.
   */
  async boot(): Promise<void> {}
}

function tlsOptions(config: AppConfig): object {
  if (!config.tls) return {};
  return {
    protocol: 'https',
    cert: fs.readFileSync(config.tls.certFile),
    key: fs.readFileSync(config.tls.keyFile),
  };
}

/** name, version, description: the OpenAPI document's `info`. */
function packageJson(): {name: string; version: string; description: string} {
  return JSON.parse(
    fs.readFileSync(path.join(__dirname, '../package.json'), 'utf8'),
  );
}
