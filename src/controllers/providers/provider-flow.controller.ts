import {inject} from '@loopback/core';
import {oas, Request, Response, RestBindings} from '@loopback/rest';
import {AppConfig} from '../../config';
import {ProviderEntry} from '../../config/provider-entry';
import {normalizePath, samlMetadataPath} from '../../config/provider-paths';
import {SamlStrategyBuilder} from '../../services/providers/passport/saml-strategy-port';
import {AppError} from '../../errors';
import {IdentityBindings} from '../../keys';
import {ProviderFlowService} from '../../services/providers/flows/provider-flow.service';
import {requestContext} from '../../strategies/request-context';
import {
  clearLinkBindingCookie,
  readLinkBindingCookie,
} from './link-binding-cookie';
import {sendLinkConfirmationPage} from './link-confirmation-page';
import {redirectWithoutReferrer} from '../platform/response-headers';
import {ApiArea} from '../../services/platform/api-areas';

/**
 * The browser legs of third-party login, served at each entry's `authPath`
 * and `callbackPath` (routes registered by provider-flow-routes.ts, since
 * the paths come from providers.json). Translates HTTP only.
 */
@oas.tags(ApiArea.THIRD_PARTY)
export class ProviderFlowController {
  constructor(
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
    @inject(IdentityBindings.PROVIDERS)
    private providers: readonly ProviderEntry[],
    @inject(IdentityBindings.PROVIDER_FLOW_SERVICE)
    private flows: ProviderFlowService,
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(IdentityBindings.SAML_STRATEGY_BUILDER, {optional: true})
    private saml?: SamlStrategyBuilder,
  ) {}

  /** `GET {authPath}`: 302 to the provider, or `{url}` with response_mode=json. */
  async start(
    clientId: string | undefined,
    redirectUri: string | undefined,
    state: string | undefined,
    codeChallenge: string | undefined,
    codeChallengeMethod: string | undefined,
    responseMode: string | undefined,
  ): Promise<Response | {url: string}> {
    const entry = this.entryAt('authPath');
    const url = await this.flows.start(
      entry,
      {
        client_id: clientId,
        redirect_uri: redirectUri,
        state,
        code_challenge: codeChallenge,
        code_challenge_method: codeChallengeMethod,
      },
      {mode: 'login', context: requestContext(this.request)},
      this.request,
    );
    if (responseMode === 'json') return {url};
    return redirectWithoutReferrer(this.response, url);
  }

  /**
   * `GET {callbackPath}`: 302 to the client's redirect URI, or the link
   * confirmation page when a link flow returns to another browser. With
   * `posted`, the form a POST callback parked (see callbackPost) is
   * finished as that POST, now with this browser's cookies.
   */
  async callback(): Promise<Response> {
    const posted = this.request.query.posted;
    if (typeof posted !== 'string' || !posted) {
      return this.finish(this.request);
    }
    const form = await this.flows.takeParkedPost(posted);
    return this.finish(asPostedCallback(this.request, form));
  }

  /**
   * `POST {callbackPath}` (SAML HTTP-POST, form_post providers): as the
   * GET. A link flow's POST without the binding cookie is a cross-site
   * form post that could not carry it: its form is parked and the browser
   * sent back here with a 303, whose GET carries the cookie if this
   * browser started the flow.
   */
  async callbackPost(form: Record<string, string>): Promise<Response> {
    const entry = this.entryAt('callbackPath');
    const key = await this.flows.parkCrossSitePost(
      entry,
      form,
      readLinkBindingCookie(this.request, this.config),
    );
    if (key) {
      const back = `${pathOf(this.request)}?posted=${encodeURIComponent(key)}`;
      this.response
        .status(303)
        .set('Location', back)
        .set('Cache-Control', 'no-store')
        .set('Referrer-Policy', 'no-referrer')
        .end();
      return this.response;
    }
    this.request.body = form;
    return this.finish(this.request);
  }

  private async finish(request: Request): Promise<Response> {
    const entry = this.entryAt('callbackPath');
    const outcome = await this.flows.finish(
      entry,
      request,
      readLinkBindingCookie(request, this.config),
    );
    if ('confirm' in outcome) {
      return sendLinkConfirmationPage(
        this.response,
        outcome.confirm,
        new URL(this.config.baseUrl).origin,
      );
    }
    if (outcome.bindingUsed) clearLinkBindingCookie(this.response, this.config);
    return redirectWithoutReferrer(this.response, outcome.redirect);
  }

  /** `GET /auth/{name}/metadata` of a SAML entry: this service as a SAML SP. */
  metadata(): Response {
    const path = normalizePath(this.request.path);
    const entry = this.providers.find(
      p => p.saml && samlMetadataPath(p) === path,
    );
    if (!entry || !this.saml) {
      throw new AppError('NOT_FOUND', 'No such provider.');
    }
    this.response
      .status(200)
      .type('application/samlmetadata+xml')
      .send(this.saml.metadata(entry));
    return this.response;
  }

  private entryAt(which: 'authPath' | 'callbackPath'): ProviderEntry {
    const path = normalizePath(this.request.path);
    const entry = this.providers.find(p => p[which] === path);
    if (!entry) throw new AppError('NOT_FOUND', 'No such provider.');
    return entry;
  }
}

/** `request` as the POST callback whose `form` was parked. */
function asPostedCallback(
  request: Request,
  form: Record<string, string>,
): Request {
  const view = Object.create(request) as Request;
  Object.defineProperties(view, {
    method: {value: 'POST'},
    url: {value: request.path},
    originalUrl: {value: pathOf(request)},
    query: {value: {}},
    body: {value: form, writable: true},
  });
  return view;
}

/** The path the browser asked for, mount prefix included, without query. */
function pathOf(request: Request): string {
  return new URL(request.originalUrl, 'http://service').pathname;
}
