import {BindingScope, ContextTags, inject, injectable} from '@loopback/core';
import {AppConfig} from '../../config';
import {AppError, isUnavailableError, UNAVAILABLE_MESSAGE} from '../../errors';
import {OidcAuthorizeBindings} from './authorize-keys';
import {OidcBindings} from './keys';
import {PlatformBindings, SharedBindings} from '../platform/keys';
import {RequestContext} from '../../strategies/request-context';
import {Clock} from '../platform/clock';
import {AuthorizeRedirectError} from './authorization-errors';
import {
  AuthorizationParams,
  paramsFromJson,
  paramsToJson,
} from './authorization-params';
import {AuthorizationRequest, echoedState} from './authorization-request';
import {errorResponse} from './authorization-response';
import {readGrantedRequest} from './authorization-scopes';
import {
  AuthorizingClient,
  AuthorizingClientService,
} from './authorizing-client';
import {AuthorizationGrantService} from './authorization-grant.service';
import {hostedSignInUrl} from './authorization-urls';
import {BrowserSessionService} from './browser-session.service';
import {Interaction, InteractionStore} from './interaction-store';
import {ResourceService} from './resource.service';
import {MfaBindings} from '../mfa/keys';
import {PendingSignInService} from '../mfa/pending-sign-in.service';
import {acrShortfall} from './authorization-acr';

/**
 * The authorization endpoint (OpenID Connect Core §3.1.2, code flow): the
 * client and redirect URI first, then everything else. Answers a Location
 * for the browser: the client's redirect URI with `code` (or `error`),
 * `state` and `iss`, the hosted sign-in page carrying an interaction, or
 * the consent page of a third-party client.
 * Refusals before the redirect URI is trusted are AppErrors for a page.
 */
@injectable({
  scope: BindingScope.SINGLETON,
  tags: {
    [ContextTags.KEY]: OidcAuthorizeBindings.AUTHORIZATION_ENDPOINT_SERVICE,
  },
})
export class AuthorizationEndpointService {
  constructor(
    @inject(OidcAuthorizeBindings.AUTHORIZING_CLIENT_SERVICE)
    private clients: AuthorizingClientService,
    @inject(OidcAuthorizeBindings.BROWSER_SESSION_SERVICE)
    private browserSessions: BrowserSessionService,
    @inject(OidcAuthorizeBindings.INTERACTION_STORE)
    private interactions: InteractionStore,
    @inject(OidcAuthorizeBindings.AUTHORIZATION_GRANT_SERVICE)
    private grants: AuthorizationGrantService,
    @inject(OidcBindings.RESOURCE_SERVICE) private resources: ResourceService,
    @inject(SharedBindings.CONFIG) private config: AppConfig,
    @inject(PlatformBindings.CLOCK) private clock: Clock,
    @inject(MfaBindings.PENDING_SIGN_IN_SERVICE)
    private factors: PendingSignInService,
  ) {}

  /**
   * Answers a new authorization request. Throws AppError (`INVALID_REQUEST`,
   * `INVALID_CLIENT`, `INVALID_REDIRECT_URI`) while the client or its
   * redirect URI is in doubt: those are shown on a page, never redirected.
   */
  async authorize(
    params: AuthorizationParams,
    cookie: string | undefined,
    context: RequestContext,
  ): Promise<string> {
    const client = await this.clients.check(params);
    return this.answer(client, params, () =>
      this.decide(client, params, cookie, context),
    );
  }

  /**
   * Continues an authorization after the hosted sign-in. The request is
   * checked again in full; a sign-in that still does not satisfy it answers
   * `login_required` to the client rather than asking again. An unknown,
   * used or expired interaction is `INVALID_STATE` (a page).
   */
  async resume(
    interactionId: string,
    cookie: string | undefined,
    context: RequestContext,
  ): Promise<string> {
    const interaction = await this.interactions.take(interactionId);
    if (!interaction) {
      throw new AppError(
        'INVALID_STATE',
        'This sign-in request expired or was already used: return to the application and start again.',
      );
    }
    return this.continue(interaction, cookie, context);
  }

  /**
   * Continues a request that waited for the person (the hosted sign-in,
   * or the consent page: `consented`), checked again in full.
   */
  async continue(
    interaction: Interaction,
    cookie: string | undefined,
    context: RequestContext,
  ): Promise<string> {
    const params = paramsFromJson(interaction.params);
    const client = await this.clients.check(params);
    return this.answer(client, params, () =>
      this.decide(client, params, cookie, context, interaction),
    );
  }

  /** The interaction's public face, for the hosted page. */
  async describe(interactionId: string): Promise<Interaction | undefined> {
    return this.interactions.peek(interactionId);
  }

  private async answer(
    client: AuthorizingClient,
    params: AuthorizationParams,
    decide: () => Promise<string>,
  ): Promise<string> {
    try {
      return await decide();
    } catch (err) {
      // RFC 6749 §4.1.2.1: an outage after the client is known goes back
      // to it, so it can tell its user to try again.
      const refusal = isUnavailableError(err)
        ? new AuthorizeRedirectError(
            'temporarily_unavailable',
            UNAVAILABLE_MESSAGE,
          )
        : err;
      if (!(refusal instanceof AuthorizeRedirectError)) throw err;
      return errorResponse(
        client.redirectUri,
        this.config.baseUrl,
        refusal,
        echoedState(params),
      );
    }
  }

  private async decide(
    client: AuthorizingClient,
    params: AuthorizationParams,
    cookie: string | undefined,
    context: RequestContext,
    interaction?: Interaction,
  ): Promise<string> {
    const request = await readGrantedRequest(
      params,
      client,
      this.resources,
      this.config.baseUrl,
    );
    if (client.refusal) {
      throw new AuthorizeRedirectError('invalid_request', client.refusal);
    }
    const requireAuthAfter = interaction
      ? interaction.requireAuthAfter
      : this.freshness(request);
    const signIn = await this.browserSessions.find(cookie);
    // prompt=login always asks; its resume needs a sign-in made since.
    const forced = !interaction && request.prompt.includes('login');
    const stale =
      !!requireAuthAfter && !!signIn && signIn.authTime < requireAuthAfter;
    // Below the acr asked, or without the person's second factor: the
    // hosted page takes them through it (POST /oauth/browser-session).
    const short =
      !!signIn &&
      !!acrShortfall(
        signIn.amr,
        request.acrValues ?? [],
        await this.factors.confirmedFactors(signIn.userId),
      );
    if (!signIn || forced || stale || short) {
      if (request.prompt.includes('none') || interaction) {
        throw new AuthorizeRedirectError(
          'login_required',
          'The person must sign in at this service first.',
        );
      }
      return this.askToSignIn(client, params, request, requireAuthAfter);
    }
    return this.grants.grant(
      {
        client,
        params,
        request,
        signIn,
        requireAuthAfter,
        consented: interaction?.consented === true,
        sso: !interaction,
      },
      context,
    );
  }

  /** prompt=login: a sign-in from now on; max_age: within that many seconds. */
  private freshness(request: AuthorizationRequest): number | undefined {
    const now = this.clock.now();
    if (request.prompt.includes('login')) return now;
    if (request.maxAge !== undefined) return now - request.maxAge * 1000;
    return undefined;
  }

  private async askToSignIn(
    client: AuthorizingClient,
    params: AuthorizationParams,
    request: AuthorizationRequest,
    requireAuthAfter: number | undefined,
  ): Promise<string> {
    const id = await this.interactions.save({
      params: paramsToJson(params),
      clientId: client.clientId,
      clientName: client.name,
      ...(requireAuthAfter ? {requireAuthAfter} : {}),
      ...(request.loginHint ? {loginHint: request.loginHint} : {}),
      ...(request.acrValues ? {acrValues: request.acrValues} : {}),
    });
    return hostedSignInUrl(this.config.baseUrl, id);
  }
}
