import {BindingScope, inject, injectable, ContextTags} from '@loopback/core';
import {Request} from '@loopback/rest';
import {ProviderEntry} from '../../../config/provider-entry';
import {AppError} from '../../../errors';
import {PlatformBindings} from '../../platform/keys';
import {ProviderBindings} from '../keys';
import {TokenBindings} from '../../tokens/keys';
import {ProviderStrategyRunner} from '../passport/provider-strategy-runner';
import {RequestContext} from '../../../strategies/request-context';
import {
  ClientRuleService,
  FlowClientRequest,
} from '../../tokens/client-rule.service';
import {ProviderCredentialsService} from '../provider-credentials.service';
import {
  LinkConfirmationPrompt,
  LinkConfirmationService,
} from '../linking/link-confirmation.service';
import {Logger} from '../../platform/logger';
import {ProviderFlowCommitService} from './provider-flow-commit.service';
import {ProviderFlow, ProviderFlowStore} from './provider-flow-store';
import {assertModeAllowed} from './provider-sign-in-rules';
import {
  flowErrorParams,
  ProviderDenied,
  redirectTo,
} from './provider-flow-redirect';
import {
  matchesDigest,
  randomToken,
  sha256Digest,
} from '../../platform/token-digest';

export interface FlowStart {
  mode: 'login' | 'link';
  /** The signed-in user, for a link. */
  linkUserId?: string;
  /** The session of the caller's token, for a link. */
  linkSessionId?: string;
  context?: RequestContext;
  /** A link flow's browser binding (digest of its cookie). */
  browserBinding?: string;
}

/**
 * How a callback ends: a redirect to the client (with `bindingUsed` when
 * the start browser's binding cookie was matched, and should be cleared),
 * or the link confirmation page.
 */
export type FlowOutcome =
  {redirect: string; bindingUsed: boolean} | {confirm: LinkConfirmationPrompt};

/**
 * The browser flows of third-party login and linking, without a server
 * session: `start` asks the client rule once and parks the flow, with the
 * client it accepted, in the store under a random state; `finish` takes it
 * back once, runs the strategy's second leg with the same client's
 * credentials (the application is not read again), applies the linking rules and sends the browser to the client's
 * redirect URI with a one-time code, never a token. A link flow is bound to
 * the browser that started it; any other browser must confirm the link.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {[ContextTags.KEY]: ProviderBindings.PROVIDER_FLOW_SERVICE},
})
export class ProviderFlowService {
  constructor(
    @inject(TokenBindings.CLIENT_RULE) private clients: ClientRuleService,
    @inject(ProviderBindings.PROVIDER_CREDENTIALS_SERVICE)
    private credentials: ProviderCredentialsService,
    @inject(ProviderBindings.PROVIDER_FLOW_STORE)
    private flows: ProviderFlowStore,
    @inject(ProviderBindings.PROVIDER_STRATEGY_RUNNER)
    private runner: ProviderStrategyRunner,
    @inject(ProviderBindings.PROVIDER_FLOW_COMMIT_SERVICE)
    private committer: ProviderFlowCommitService,
    @inject(ProviderBindings.LINK_CONFIRMATION_SERVICE)
    private confirmations: LinkConfirmationService,
    @inject(PlatformBindings.LOGGER) private logger: Logger,
  ) {}

  /**
   * Starts a login or link flow and returns the provider's URL. Throws
   * (never redirects) for a client or redirect URI that cannot be trusted:
   * `INVALID_CLIENT`, `INVALID_REDIRECT_URI`, `INVALID_REQUEST`; and
   * `LOGIN_NOT_ALLOWED` when a login starts with a link-only entry.
   */
  async start(
    entry: ProviderEntry,
    params: FlowClientRequest,
    how: FlowStart,
    request: Request,
  ): Promise<string> {
    assertModeAllowed(entry, how.mode);
    const client = await this.clients.forFlow(params, entry.name);
    const handle = randomToken(32);
    const flow: ProviderFlow = {
      ...client,
      entry: entry.name,
      mode: how.mode,
      ...(how.linkUserId ? {linkUserId: how.linkUserId} : {}),
      ...(how.linkSessionId ? {linkSessionId: how.linkSessionId} : {}),
      ...(how.browserBinding ? {browserBinding: how.browserBinding} : {}),
      session: {},
      ...(how.context ? {context: how.context} : {}),
    };
    const url = await this.runner.redirect(
      entry,
      this.credentials.open(entry, client.providerCredentials),
      {handle, session: flow.session},
      request,
    );
    await this.flows.save(handle, flow);
    return url;
  }

  /**
   * Starts a link flow for `userId` bound to the caller's browser and to
   * the session of its token (`sessionId`; none for HTTP Basic): returns
   * the provider's URL and `binding`, the value of the cookie the browser
   * must present at the callback for the link to be made without asking.
   * Throws as `start`.
   */
  async startLink(
    entry: ProviderEntry,
    params: FlowClientRequest,
    how: {userId: string; sessionId?: string; context?: RequestContext},
    request: Request,
  ): Promise<{url: string; binding: string}> {
    const binding = randomToken(32);
    const url = await this.start(
      entry,
      params,
      {
        mode: 'link',
        linkUserId: how.userId,
        linkSessionId: how.sessionId,
        context: how.context,
        browserBinding: sha256Digest(binding),
      },
      request,
    );
    return {url, binding};
  }

  /**
   * Finishes the flow named by the callback's `state`. Usually answers
   * where to send the browser: the client's redirect URI with `code` and
   * `state`, or with `error` (lower_snake), `error_description` and
   * `state`. A link flow whose callback does not present `binding`, the
   * cookie of the browser that started it, is parked instead and answers
   * the confirmation page's prompt: the person at the provider may not be
   * the one who started it. Throws `INVALID_STATE` for a missing, unknown,
   * replayed or expired state: with no trusted flow there is no trusted
   * place to redirect to.
   */
  async finish(
    entry: ProviderEntry,
    request: Request,
    binding?: string,
  ): Promise<FlowOutcome> {
    const handle = callbackParam(request, stateParam(entry));
    const flow = handle ? await this.flows.take(handle) : undefined;
    if (!handle || !flow || flow.entry !== entry.name) {
      throw new AppError(
        'INVALID_STATE',
        'The sign-in state is missing, unknown, used or expired. Start again.',
      );
    }
    const bound = isBoundBrowser(flow, binding);
    try {
      const denied =
        entry.authScheme === 'saml'
          ? undefined
          : callbackParam(request, 'error');
      if (denied) throw new ProviderDenied(denied);
      const login = await this.runner.complete(
        entry,
        this.credentials.open(entry, flow.providerCredentials),
        {handle, session: flow.session},
        request,
      );
      if (flow.mode === 'link' && !bound) {
        return {confirm: await this.confirmations.park(entry, flow, login)};
      }
      const code = await this.committer.commit(entry, flow, login);
      return {redirect: redirectTo(flow, {code}), bindingUsed: bound};
    } catch (err) {
      return {
        redirect: redirectTo(flow, flowErrorParams(entry, err, this.logger)),
        bindingUsed: bound,
      };
    }
  }

  /**
   * Parks a POSTed callback of a link flow that came without `binding`,
   * and answers the key that takes it back (else undefined). A provider's
   * form post (SAML HTTP-POST, form_post) is a cross-site POST, so the
   * browser withholds the SameSite=Lax binding cookie from it even when it
   * started the flow; after a 303 to this service its GET carries it.
   */
  async parkCrossSitePost(
    entry: ProviderEntry,
    form: Record<string, string>,
    binding?: string,
  ): Promise<string | undefined> {
    if (binding) return undefined;
    const handle = form[stateParam(entry)];
    const flow = handle ? await this.flows.peek(handle) : undefined;
    if (flow?.mode !== 'link' || flow.entry !== entry.name) return undefined;
    return this.flows.parkPost(form);
  }

  /** The form `parkCrossSitePost` parked under `key`, once; INVALID_STATE else. */
  async takeParkedPost(key: string): Promise<Record<string, string>> {
    const form = await this.flows.takePost(key);
    if (!form) {
      throw new AppError(
        'INVALID_STATE',
        'The sign-in state is missing, unknown, used or expired. Start again.',
      );
    }
    return form;
  }
}

/** Whether the callback came from the browser that started the link flow. */
function isBoundBrowser(flow: ProviderFlow, binding?: string): boolean {
  return (
    flow.mode === 'link' &&
    !!flow.browserBinding &&
    !!binding &&
    matchesDigest(binding, flow.browserBinding)
  );
}

/** SAML carries the state as RelayState (HTTP-POST binding). */
function stateParam(entry: ProviderEntry): string {
  return entry.authScheme === 'saml' ? 'RelayState' : 'state';
}

function callbackParam(request: Request, name: string): string | undefined {
  const fromQuery = request.query?.[name];
  const fromBody = (request.body as Record<string, unknown> | undefined)?.[
    name
  ];
  const value = fromQuery ?? fromBody;
  return typeof value === 'string' && value ? value : undefined;
}
