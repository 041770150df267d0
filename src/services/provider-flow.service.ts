import {BindingScope, inject, injectable} from '@loopback/core';
import {Request} from '@loopback/rest';
import {ProviderEntry} from '../config/provider-entry';
import {AppError} from '../errors';
import {IdentityBindings} from '../keys';
import {ProviderStrategyRunner} from '../strategies/provider-strategy-runner';
import {RequestContext} from '../strategies/request-context';
import {AuthorizationCodeService} from './authorization-code.service';
import {FlowClientRequest, FlowClientService} from './flow-client.service';
import {Logger} from './logger';
import {ProviderFlow, ProviderFlowStore} from './provider-flow-store';
import {ProviderSignInService} from './provider-sign-in.service';
import {randomToken} from './token-digest';

export interface FlowStart {
  mode: 'login' | 'link';
  /** The signed-in user, for a link. */
  linkUserId?: string;
  context?: RequestContext;
}

/**
 * The browser flows of third-party login and linking, without a server
 * session: `start` checks the client and parks the flow in the store under
 * a random state; `finish` takes it back once, runs the strategy's second
 * leg, applies the linking rules and sends the browser to the client's
 * redirect URI with a one-time code, never a token.
 */
@injectable({scope: BindingScope.SINGLETON})
export class ProviderFlowService {
  constructor(
    @inject(IdentityBindings.FLOW_CLIENT_SERVICE)
    private clients: FlowClientService,
    @inject(IdentityBindings.PROVIDER_FLOW_STORE)
    private flows: ProviderFlowStore,
    @inject(IdentityBindings.PROVIDER_STRATEGY_RUNNER)
    private runner: ProviderStrategyRunner,
    @inject(IdentityBindings.PROVIDER_SIGN_IN_SERVICE)
    private signIn: ProviderSignInService,
    @inject(IdentityBindings.AUTHORIZATION_CODE_SERVICE)
    private codes: AuthorizationCodeService,
    @inject(IdentityBindings.LOGGER) private logger: Logger,
  ) {}

  /**
   * Starts a login or link flow and returns the provider's URL. Throws
   * (never redirects) for a client or redirect URI that cannot be trusted:
   * `INVALID_CLIENT`, `INVALID_REDIRECT_URI`, `INVALID_REQUEST`; and
   * `LOGIN_NOT_ALLOWED` / `LINK_NOT_ALLOWED` when the entry forbids the mode.
   */
  async start(
    entry: ProviderEntry,
    params: FlowClientRequest,
    how: FlowStart,
    request: Request,
  ): Promise<string> {
    if (how.mode === 'login' && !entry.login) {
      throw new AppError(
        'LOGIN_NOT_ALLOWED',
        `${entry.name} can only be linked to a signed-in account.`,
      );
    }
    if (how.mode === 'link' && !entry.link) {
      throw new AppError('LINK_NOT_ALLOWED', `${entry.name} cannot be linked.`);
    }
    const client = await this.clients.check(params);
    const handle = randomToken(32);
    const flow: ProviderFlow = {
      ...client,
      entry: entry.name,
      mode: how.mode,
      ...(how.linkUserId ? {linkUserId: how.linkUserId} : {}),
      session: {},
      ...(how.context ? {context: how.context} : {}),
    };
    const url = await this.runner.redirect(
      entry,
      flow.clientId,
      {handle, session: flow.session},
      request,
    );
    await this.flows.save(handle, flow);
    return url;
  }

  /**
   * Finishes the flow named by the callback's `state` and returns where to
   * send the browser: the client's redirect URI with `code` and `state`, or
   * with `error` (lower_snake), `error_description` and `state`. Throws
   * `INVALID_STATE` for a missing, unknown, replayed or expired state: with
   * no trusted flow there is no trusted place to redirect to.
   */
  async finish(entry: ProviderEntry, request: Request): Promise<string> {
    const handle = callbackParam(request, 'state');
    const flow = handle ? await this.flows.take(handle) : undefined;
    if (!handle || !flow || flow.entry !== entry.name) {
      throw new AppError(
        'INVALID_STATE',
        'The sign-in state is missing, unknown, used or expired. Start again.',
      );
    }
    try {
      const code = await this.complete(entry, flow, handle, request);
      return redirectTo(flow, {code});
    } catch (err) {
      return redirectTo(flow, this.errorParams(entry, err));
    }
  }

  private async complete(
    entry: ProviderEntry,
    flow: ProviderFlow,
    handle: string,
    request: Request,
  ): Promise<string> {
    const denied = callbackParam(request, 'error');
    if (denied) throw new ProviderDenied(denied);
    const login = await this.runner.complete(
      entry,
      flow.clientId,
      {handle, session: flow.session},
      request,
    );
    const result = await this.signIn.signIn(
      entry,
      login.profile,
      login.tokens,
      {
        mode: flow.mode,
        linkUserId: flow.linkUserId,
        applicationId: flow.clientId,
        context: flow.context,
      },
    );
    return this.codes.issue({
      userId: result.user.id,
      clientId: flow.clientId,
      redirectUri: flow.redirectUri,
      codeChallenge: flow.codeChallenge,
      codeChallengeMethod: flow.codeChallengeMethod,
      authMethod: entry.name,
      linked: result.linked,
      context: flow.context,
    });
  }

  private errorParams(
    entry: ProviderEntry,
    err: unknown,
  ): {error: string; error_description: string} {
    if (err instanceof ProviderDenied) {
      return {
        error: err.error === 'access_denied' ? 'access_denied' : 'server_error',
        error_description: 'The provider did not grant access.',
      };
    }
    if (err instanceof AppError && err.statusCode < 500) {
      return {error: err.code.toLowerCase(), error_description: err.message};
    }
    if (err instanceof AppError && err.code === 'PROVIDER_ERROR') {
      return {error: 'provider_error', error_description: err.message};
    }
    this.logger.error({err, entry: entry.name}, 'provider callback failed');
    return {
      error: 'server_error',
      error_description: 'The sign-in could not be completed.',
    };
  }
}

/** The provider answered the authorization request with an error. */
class ProviderDenied extends Error {
  constructor(readonly error: string) {
    super(`provider error: ${error}`);
  }
}

function callbackParam(request: Request, name: string): string | undefined {
  const fromQuery = request.query?.[name];
  const fromBody = (request.body as Record<string, unknown> | undefined)?.[
    name
  ];
  const value = fromQuery ?? fromBody;
  return typeof value === 'string' && value ? value : undefined;
}

function redirectTo(flow: ProviderFlow, params: Record<string, string>) {
  const url = new URL(flow.redirectUri);
  for (const [key, value] of Object.entries(params)) {
    url.searchParams.set(key, value);
  }
  if (flow.clientState) url.searchParams.set('state', flow.clientState);
  return url.href;
}
