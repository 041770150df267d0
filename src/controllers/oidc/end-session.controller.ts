import {inject} from '@loopback/core';
import {
  get,
  oas,
  OperationObject,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
} from '@loopback/rest';
import {AppConfig} from '../../config';
import {IdentityBindings} from '../../keys';
import {
  AuthorizationParams,
  parseParams,
  single,
} from '../../services/oidc/authorization-params';
import {
  EndSessionOutcome,
  EndSessionService,
} from '../../services/oidc/end-session.service';
import {requestContext} from '../../strategies/request-context';
import {
  clearBrowserSignInCookie,
  readBrowserSignInCookie,
} from './browser-session-cookie';
import {
  sendLogoutConfirmationPage,
  sendSignedOutPage,
} from '../../services/oidc/oidc-pages';
import {pageError, rawFormBody, rawQuery, redirectTo} from './oidc-http';
import {ApiArea} from '../../services/platform/api-areas';

const DESCRIPTION =
  'OpenID Connect RP-Initiated Logout 1.0. Parameters: `id_token_hint` (an ID token of this ' +
  'service, expired ones too), `client_id`, `post_logout_redirect_uri` (followed only when ' +
  'registered for the client), `state`. Ends the browser sign-in and the sessions opened through it; ' +
  'without an `id_token_hint` the person confirms first on a page whose form posts `logout_confirmation` here.';

const ANSWERS: OperationObject['responses'] = {
  '302': {
    description:
      'To the registered `post_logout_redirect_uri?state=…` (303 after a POST)',
  },
  '200': {
    description:
      'A signed-out page (no registered URI to return to), or the confirmation page (no id_token_hint)',
    content: {'text/html': {schema: {type: 'string'}}},
  },
  '400': pageError(
    'An HTML page: `INVALID_REQUEST` (an id_token_hint this service did not issue, a client_id it was not issued to, a repeated parameter), `INVALID_CHARACTERS`, `INVALID_STATE` (a confirmation that expired, was used, or belongs to another sign-in)',
  ),
};

/** RP-initiated logout, GET and POST (RP-Initiated Logout §2). */
@oas.tags(ApiArea.CLIENT_APPLICATIONS)
export class EndSessionController {
  constructor(
    @inject(IdentityBindings.END_SESSION_SERVICE)
    private endSessions: EndSessionService,
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @get('/oauth/end-session', {
    summary: 'Sign out of the service (an application asks)',
    description: DESCRIPTION,
    responses: ANSWERS,
  })
  async endSession(): Promise<Response> {
    return this.answer(parseParams(rawQuery(this.request)));
  }

  @post('/oauth/end-session', {
    summary: 'Sign out of the service, as a form post',
    description: DESCRIPTION,
    responses: ANSWERS,
  })
  async endSessionForm(
    @requestBody(
      rawFormBody('The request as application/x-www-form-urlencoded'),
    )
    body: string | undefined,
  ): Promise<Response> {
    return this.answer(parseParams(body ?? ''));
  }

  private async answer(params: AuthorizationParams): Promise<Response> {
    const cookie = readBrowserSignInCookie(this.request, this.config);
    const context = requestContext(this.request);
    // The confirmation page's own form, posted back.
    const confirmation =
      this.request.method === 'POST'
        ? single(params, 'logout_confirmation')
        : undefined;
    const outcome = confirmation
      ? await this.endSessions.confirm(confirmation, cookie, context)
      : await this.endSessions.endSession(params, cookie, context);
    return this.send(outcome);
  }

  private send(outcome: EndSessionOutcome): Response {
    if (outcome.confirm) {
      const {token, redirectOrigin} = outcome.confirm;
      return sendLogoutConfirmationPage(this.response, token, redirectOrigin);
    }
    if (outcome.clearCookie) {
      clearBrowserSignInCookie(this.response, this.config);
    }
    if (outcome.redirect) {
      return redirectTo(this.response, outcome.redirect, this.request.method);
    }
    return sendSignedOutPage(this.response, outcome.signedOut);
  }
}
