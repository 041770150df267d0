import {BootMixin} from '@loopback/boot';
import {ApplicationConfig} from '@loopback/core';
import {RepositoryMixin} from '@loopback/repository';
import {Request, RestApplication, RestBindings} from '@loopback/rest';
import {
  RestExplorerBindings,
  RestExplorerComponent,
} from '@loopback/rest-explorer';
import {ServiceMixin} from '@loopback/service-proxy';
import fs from 'node:fs';
import path from 'node:path';
import {AppConfig} from './config';
import {bindAccessControl} from './access-control-bindings';
import {bindClientApplications} from './application-bindings';
import {bindInputGuard} from './input-guard-bindings';
import {RejectProvider} from './errors';
import {OAuthErrorMiddlewareProvider} from './interceptors/oauth-error.middleware';
import {
  EXPLORER_PATH,
  SecurityHeadersMiddlewareProvider,
} from './interceptors/security-headers.middleware';
import {IdentityBindings} from './keys';
import {bindServices} from './service-bindings';
import {Clock, systemClock} from './services/clock';
import {createLogger, Logger} from './services/logger';
import {PasswordService} from './services/password.service';
import {
  RateLimitOverrides,
  rateLimitSettings,
} from './services/rate-limit-settings';
import {SecretBox} from './services/secret-box.service';
import {createEphemeralStore} from './services/store-factory';
import {bindProviders} from './strategies/provider-bindings';
import {bindProviderFlows} from './strategies/provider-flow-bindings';

export interface IdentityApplicationOptions extends ApplicationConfig {
  /** Replaces the system clock, for tests. */
  clock?: Clock;
  /** Replaces the JSON-lines logger, for tests. */
  logger?: Logger;
  /** Replaces some rate limits or lock-out steps (tests, embedding apps). */
  rateLimits?: RateLimitOverrides;
}

/** The identity service. Construct with a config from `loadConfig()`. */
export class IdentityApplication extends BootMixin(
  ServiceMixin(RepositoryMixin(RestApplication)),
) {
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
    this.projectRoot = __dirname;

    const log = logger ?? createLogger(config.logLevel);
    const time = clock ?? systemClock;
    this.bind(IdentityBindings.CONFIG).to(config);
    this.bind(IdentityBindings.CLOCK).to(time);
    this.bind(IdentityBindings.LOGGER).to(log);
    this.bind(RestBindings.SequenceActions.REJECT).toProvider(RejectProvider);
    // Errors are JSON whatever the Accept header says: the HTML error page
    // of strong-error-handler has an inline style the CSP would block.
    this.bind(RestBindings.ERROR_WRITER_OPTIONS).to({
      negotiateContentType: false,
      defaultType: 'json',
    });
    this.middleware(SecurityHeadersMiddlewareProvider);
    this.middleware(OAuthErrorMiddlewareProvider);
    bindInputGuard(this);
    this.bind(IdentityBindings.PASSWORD_SERVICE).to(new PasswordService());
    this.bind(IdentityBindings.SECRET_BOX).to(new SecretBox(config.appSecret));
    this.bind(IdentityBindings.STORE).to(
      createEphemeralStore(config, time, log),
    );
    this.bind(IdentityBindings.RATE_LIMIT_SETTINGS).to(
      rateLimitSettings(rateLimits),
    );
    bindServices(this);
    bindAccessControl(this);
    bindProviders(this, config, log);
    bindClientApplications(this, config);
    bindProviderFlows(this);
    this.bind(RestBindings.SequenceActions.LOG_ERROR).to(
      (err: Error, statusCode: number, req: Request) => {
        if (statusCode < 500) return;
        log.error(
          {err, method: req.method, path: req.path, statusCode},
          'request failed',
        );
      },
    );

    const publicDir = path.join(__dirname, '../public');
    this.static('/', publicDir);
    // Our copy of LoopBack's explorer page, without its inline script and
    // style, so that it runs under the explorer's CSP.
    this.configure(RestExplorerBindings.COMPONENT).to({
      path: EXPLORER_PATH,
      indexTemplatePath: path.join(publicDir, 'explorer/index.html.ejs'),
    });
    this.component(RestExplorerComponent);

    this.bootOptions = {
      controllers: {
        dirs: ['controllers'],
        extensions: ['.controller.js'],
        nested: true,
      },
    };
  }
}

function tlsOptions(config: AppConfig): object {
  if (!config.tls) return {};
  return {
    protocol: 'https',
    cert: fs.readFileSync(config.tls.certFile),
    key: fs.readFileSync(config.tls.keyFile),
  };
}
