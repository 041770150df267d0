import {StrategyAdapter} from '@loopback/authentication-passport';
import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {RedirectRoute, Request} from '@loopback/rest';
import {Strategy} from 'passport';
import {
  ProviderCredentials,
  ProviderEntry,
} from '../../../config/provider-entry';
import {AppError} from '../../../errors';
import {PlatformBindings} from '../../platform/keys';
import {ProviderBindings} from '../keys';
import {Logger} from '../../platform/logger';
import {MetricsService} from '../../platform/metrics.service';
import {attachFlowState, FlowState} from '../flows/flow-state';
import {ProviderDenied} from '../flows/provider-flow-redirect';
import {PassportStrategyFactory} from './passport-strategy-factory';
import {ProviderLogin} from '../provider-login';

type Authenticate = (this: Strategy, req: Request, options?: object) => void;
type Reporting = Strategy & {error(err: unknown): void};

/**
 * Runs an entry's Passport strategy for one leg of a browser flow, through
 * LoopBack's StrategyAdapter, with the credentials the flow's client brought
 * (found once at the flow's start; see ProviderCredentialsService). The
 * flow's handle is the state the provider sees, whatever the scheme.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.PROVIDER_STRATEGY_RUNNER},
})
export class ProviderStrategyRunner {
  constructor(
    @inject(ProviderBindings.PROVIDER_STRATEGY_FACTORY)
    private factory: PassportStrategyFactory,
    @inject(PlatformBindings.LOGGER) private logger: Logger,
    @inject(PlatformBindings.METRICS, {optional: true})
    private metrics?: MetricsService,
  ) {}

  /** The first leg: the provider's authorization URL for this flow. */
  async redirect(
    entry: ProviderEntry,
    credentials: ProviderCredentials,
    flow: FlowState,
    request: Request,
  ): Promise<string> {
    const outcome = await this.run(entry, credentials, flow, request);
    if (!(outcome instanceof RedirectRoute)) {
      throw new AppError('PROVIDER_ERROR', 'The provider sent no redirect.');
    }
    return outcome.targetLocation;
  }

  /** The second leg: trades the callback's code for the provider account. */
  async complete(
    entry: ProviderEntry,
    credentials: ProviderCredentials,
    flow: FlowState,
    request: Request,
  ): Promise<ProviderLogin> {
    // The code exchange and profile fetch: the provider's own latency.
    const call = () => this.run(entry, credentials, flow, request);
    const outcome = await (this.metrics
      ? this.metrics.upstreamCall('provider', entry.name, call)
      : call());
    if (outcome instanceof RedirectRoute || !isLogin(outcome)) {
      throw new AppError('PROVIDER_ERROR', 'The provider did not sign in.');
    }
    return outcome;
  }

  private async run(
    entry: ProviderEntry,
    credentials: ProviderCredentials,
    flow: FlowState,
    request: Request,
  ): Promise<unknown> {
    const base = await this.factory.strategyFor(entry, {credentials});
    const failure: {error?: unknown} = {};
    const strategy = withFlowState(base, entry, flow, failure);
    attachFlowState(request, flow);
    const options: Record<string, unknown> =
      entry.authScheme === 'oauth1'
        ? {callbackURL: withQuery(credentials.callbackURL, flow.handle)}
        : {...entry.authOptions};
    try {
      return await new StrategyAdapter(strategy, entry.name).authenticate(
        request,
        options as object,
      );
    } catch (err) {
      throw this.providerError(entry, failure.error ?? err);
    }
  }

  /**
   * Our own errors keep their code, and a provider's refusal (a SAML
   * denial status) stays one; anything else is the provider's fault. An
   * answer refused by the library (a bad signature) or by a check of ours
   * (PROVIDER_ERROR: a SHA-1 signature, a NameID format) is logged alike:
   * it is how an operator finds a misconfigured provider.
   */
  private providerError(entry: ProviderEntry, err: unknown): Error {
    if (err instanceof ProviderDenied) return err;
    if (err instanceof AppError && err.code !== 'PROVIDER_ERROR') return err;
    this.logger.warn(
      {err: {message: (err as Error)?.message}, entry: entry.name},
      'provider flow failed',
    );
    if (err instanceof AppError) return err;
    return new AppError(
      'PROVIDER_ERROR',
      'The provider did not complete the sign-in.',
    );
  }
}

/**
 * A per-request view of `base` that sends the flow's handle as `state` and
 * remembers the original error, which StrategyAdapter would flatten into a
 * plain 500.
 */
function withFlowState(
  base: Strategy,
  entry: ProviderEntry,
  flow: FlowState,
  failure: {error?: unknown},
): Strategy {
  const strategy = Object.create(base) as Strategy & {
    authorizationRequestParams?: (req: Request, o: object) => URLSearchParams;
  };
  const authenticate = base.authenticate as Authenticate;
  strategy.authenticate = function (this: Reporting, req, options) {
    const report = this.error.bind(this);
    this.error = (err: unknown) => {
      failure.error = err;
      report(err);
    };
    // A SAML response must stay a POST body: in the query it would be
    // taken for the HTTP-Redirect binding, which carries logout messages.
    const view =
      entry.authScheme === 'saml' ? req : asQueryCallback(req as Request);
    authenticate.call(this, view, options);
  };
  if (entry.authScheme === 'oidc') {
    // openid-client sends a state only to servers without PKCE; its own
    // hook adds ours, and it then checks the state on the way back too.
    const params = (
      base as unknown as {
        authorizationRequestParams: (r: Request, o: object) => URLSearchParams;
      }
    ).authorizationRequestParams;
    strategy.authorizationRequestParams = function (req, options) {
      const result = params.call(this, req, options);
      result.set('state', flow.handle);
      return result;
    };
  }
  return strategy;
}

/**
 * A form_post callback (`POST {callbackPath}`) as the GET it stands for:
 * its fields move into the query. Strategies read the callback from the
 * query, and openid-client would re-read the POST body from the request
 * stream, which the REST layer has already consumed.
 */
function asQueryCallback(req: Request): Request {
  const form = req.body as Record<string, unknown> | undefined;
  if (req.method !== 'POST' || !form || typeof form !== 'object') return req;
  const url = new URL(req.originalUrl ?? req.url, 'http://callback');
  const query: Record<string, unknown> = {...req.query};
  for (const [key, value] of Object.entries(form)) {
    if (typeof value !== 'string') continue;
    url.searchParams.set(key, value);
    query[key] = value;
  }
  const view = Object.create(req) as Request;
  Object.defineProperties(view, {
    method: {value: 'GET'},
    originalUrl: {value: url.pathname + url.search},
    url: {value: url.pathname + url.search},
    query: {value: query},
  });
  return view;
}

function withQuery(url: string, state: string): string {
  const target = new URL(url);
  target.searchParams.set('state', state);
  return target.href;
}

function isLogin(value: unknown): value is ProviderLogin {
  const login = value as Partial<ProviderLogin> | undefined;
  return typeof login?.profile?.externalId === 'string' && !!login.tokens;
}
