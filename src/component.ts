import {
  Binding,
  Component,
  CoreBindings,
  inject,
  LifeCycleObserver,
  Constructor,
  ControllerClass,
} from '@loopback/core';
import {Entity} from '@loopback/repository';
import {Request, RestApplication, RestBindings} from '@loopback/rest';
import {bindAccessControl} from './access-control-bindings';
import {
  APPLICATION_SERVICES,
  bindClientApplications,
} from './application-bindings';
import {
  IDENTITY_CONTROLLERS,
  IDENTITY_MODELS,
  IDENTITY_OBSERVERS,
  IDENTITY_REPOSITORIES,
} from './component-artifacts';
import {AppConfig} from './config';
import {registerProviderFlowRoutes} from './controllers/providers/provider-flow-routes';
import {RejectProvider} from './errors';
import {bindInputGuard} from './input-guard-bindings';
import {OAuthErrorMiddlewareProvider} from './interceptors/oauth-error.middleware';
import {RequestObserverMiddlewareProvider} from './interceptors/request-observer.middleware';
import {SecurityHeadersMiddlewareProvider} from './interceptors/security-headers.middleware';
import {IdentityBindings} from './keys';
import {ENTERPRISE_SERVICES} from './enterprise-bindings';
import {bindMfa, MFA_SERVICES} from './mfa-bindings';
import {bindOidcAuthorize, OIDC_AUTHORIZE_SERVICES} from './oidc-bindings';
import {
  bindAuthentication,
  classBindings,
  IDENTITY_SERVICES,
} from './service-bindings';
import {Clock, systemClock} from './services/platform/clock';
import {createLogger, Logger} from './services/platform/logger';
import {PasswordService} from './services/accounts/password.service';
import {rateLimitSettings} from './services/abuse/rate-limit-settings';
import {SecretBox} from './services/platform/secret-box.service';
import {createEphemeralStore} from './services/store/store-factory';
import {bindProviders} from './services/providers/provider-bindings';
import {bindProviderFlows} from './services/providers/flows/provider-flow-bindings';

/**
 * The identity core as one LoopBack component: controllers, services,
 * repositories, models, observers, authentication strategies, middleware,
 * the OpenAPI security schemes and the error (reject) action.
 *
 * The host binds, before `app.component(IdentityComponent)`:
 * `IdentityBindings.CONFIG` (from `loadConfig`), and optionally `CLOCK`,
 * `LOGGER` and `RATE_LIMIT_SETTINGS`; and a juggler datasource under
 * `IdentityBindings.DATASOURCE` (`datasources.db`), e.g. `DbDataSource`.
 * The host must be a `RestApplication` with `RepositoryMixin`.
 */
export class IdentityComponent implements Component {
  readonly controllers: ControllerClass[] = IDENTITY_CONTROLLERS;
  readonly repositories: Constructor<unknown>[] = IDENTITY_REPOSITORIES;
  readonly models: Constructor<Entity>[] = IDENTITY_MODELS;
  readonly lifeCycleObservers: Constructor<LifeCycleObserver>[] =
    IDENTITY_OBSERVERS;
  readonly bindings: Binding[] = classBindings([
    ...IDENTITY_SERVICES,
    ...APPLICATION_SERVICES,
    ...OIDC_AUTHORIZE_SERVICES,
    ...MFA_SERVICES,
    ...ENTERPRISE_SERVICES,
  ]);

  constructor(
    @inject(CoreBindings.APPLICATION_INSTANCE) app: RestApplication,
    @inject(IdentityBindings.CONFIG) config: AppConfig,
  ) {
    assertHost(app);
    const {clock, log} = bindDefaults(app, config);
    bindErrorHandling(app, log);
    app.middleware(RequestObserverMiddlewareProvider);
    app.middleware(SecurityHeadersMiddlewareProvider);
    app.middleware(OAuthErrorMiddlewareProvider);
    bindInputGuard(app);
    app.bind(IdentityBindings.PASSWORD_SERVICE).to(new PasswordService());
    app.bind(IdentityBindings.SECRET_BOX).to(new SecretBox(config.appSecret));
    app
      .bind(IdentityBindings.STORE)
      .to(createEphemeralStore(config, clock, log));
    bindAuthentication(app);
    bindAccessControl(app);
    bindProviders(app, config, log);
    bindClientApplications(app, config);
    bindProviderFlows(app);
    registerProviderFlowRoutes(app, app.getSync(IdentityBindings.PROVIDERS));
    bindOidcAuthorize(app);
    bindMfa(app);
  }
}

/** Fails at mount, not at the first request, in a host that cannot serve. */
function assertHost(app: RestApplication): void {
  const host = app as unknown as Record<string, unknown>;
  if (
    typeof host.route !== 'function' ||
    typeof host.repository !== 'function'
  ) {
    throw new Error(
      'IdentityComponent needs a RestApplication with RepositoryMixin',
    );
  }
}

/** The clock, logger and rate limits, unless the host bound its own. */
function bindDefaults(
  app: RestApplication,
  config: AppConfig,
): {clock: Clock; log: Logger} {
  if (!app.isBound(IdentityBindings.CLOCK)) {
    app.bind(IdentityBindings.CLOCK).to(systemClock);
  }
  if (!app.isBound(IdentityBindings.LOGGER)) {
    app.bind(IdentityBindings.LOGGER).to(createLogger(config.logLevel));
  }
  if (!app.isBound(IdentityBindings.RATE_LIMIT_SETTINGS)) {
    app.bind(IdentityBindings.RATE_LIMIT_SETTINGS).to(rateLimitSettings());
  }
  return {
    clock: app.getSync(IdentityBindings.CLOCK),
    log: app.getSync(IdentityBindings.LOGGER),
  };
}

/**
 * Errors keep their headers (Retry-After, WWW-Authenticate) and OAuth
 * bodies, 5xx are logged, and bodies are JSON whatever the Accept header
 * says: the HTML error page of strong-error-handler has an inline style the
 * CSP would block.
 */
function bindErrorHandling(app: RestApplication, log: Logger): void {
  app.bind(RestBindings.SequenceActions.REJECT).toProvider(RejectProvider);
  app.bind(RestBindings.ERROR_WRITER_OPTIONS).to({
    negotiateContentType: false,
    defaultType: 'json',
  });
  app
    .bind(RestBindings.SequenceActions.LOG_ERROR)
    .to((err: Error, statusCode: number, req: Request) => {
      if (statusCode < 500) return;
      log.error(
        {err, method: req.method, path: req.path, statusCode},
        'request failed',
      );
    });
}
