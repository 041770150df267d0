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
import {AppError} from '../../errors';
import {IdentityBindings} from '../../keys';
import {AuthorizationEndpointService} from '../../services/oidc/authorization-endpoint.service';
import {
  AuthorizationParams,
  parseParams,
  single,
} from '../../services/oidc/authorization-params';
import {requestContext} from '../../strategies/request-context';
import {readBrowserSignInCookie} from './browser-session-cookie';
import {pageError, rawFormBody, rawQuery, redirectTo} from './oidc-http';
import {ApiArea} from '../../services/platform/api-areas';

const PARAMETERS =
  'Parameters (query for GET, form for POST): `response_type=code`, `client_id`, ' +
  '`redirect_uri` (exactly a registered one), `code_challenge` + ' +
  '`code_challenge_method=S256` (always), `scope` (`openid`, `profile`, `email`, ' +
  '`offline_access`), `state`, `nonce`, `prompt` (`none`, `login`, `consent`), ' +
  '`max_age`, `login_hint`, `acr_values`, `resource` (repeatable). Unknown ones are ignored; ' +
  'any other parameter sent twice is refused.';

const ANSWERS: OperationObject['responses'] = {
  '302': {
    description:
      'To `redirect_uri?code=…&state=…&iss=…`, to `redirect_uri?error=…&error_description=…&state=…&iss=…`, ' +
      'to the hosted sign-in page `/?interaction=…`, or to the consent page `/oauth/consent?interaction=…` ' +
      '(a third-party client asking what the person has not allowed it) (303 after a POST)',
  },
  '400': pageError(
    'An HTML page, never a redirect, while the client or its redirect URI is in doubt: ' +
      '`INVALID_REQUEST` (client_id or redirect_uri missing or repeated), `INVALID_CLIENT`, ' +
      '`INVALID_REDIRECT_URI`, `INVALID_CHARACTERS`; `INVALID_STATE` for an unknown, used or expired interaction',
  ),
};

/** The authorization endpoint (OpenID Connect Core §3.1.2), GET and POST. */
@oas.tags(ApiArea.CLIENT_APPLICATIONS)
export class AuthorizationController {
  constructor(
    @inject(IdentityBindings.AUTHORIZATION_ENDPOINT_SERVICE)
    private endpoint: AuthorizationEndpointService,
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @get('/oauth/authorize', {
    summary: 'OpenID Connect authorization endpoint (code flow, PKCE S256)',
    description: PARAMETERS,
    responses: ANSWERS,
  })
  async authorize(): Promise<Response> {
    return this.answer(parseParams(rawQuery(this.request)));
  }

  @post('/oauth/authorize', {
    summary: 'The authorization endpoint, as a form post (OIDC Core §3.1.2.1)',
    description: PARAMETERS,
    responses: ANSWERS,
  })
  async authorizeForm(
    @requestBody(
      rawFormBody('The request as application/x-www-form-urlencoded'),
    )
    body: string | undefined,
  ): Promise<Response> {
    return this.answer(parseParams(body ?? ''));
  }

  @get('/oauth/authorize/resume', {
    summary: 'Continue an authorization after the hosted sign-in',
    description:
      'Query `interaction`: the id the sign-in page was given. The page sends the browser here ' +
      'once it has opened the browser sign-in (`POST /oauth/browser-session`).',
    responses: ANSWERS,
  })
  async resume(): Promise<Response> {
    const params: AuthorizationParams = parseParams(rawQuery(this.request));
    const id = single(params, 'interaction', () => unknownInteraction());
    if (!id) throw unknownInteraction();
    const location = await this.endpoint.resume(
      id,
      readBrowserSignInCookie(this.request, this.config),
      requestContext(this.request),
    );
    return redirectTo(this.response, location, 'GET');
  }

  private async answer(params: AuthorizationParams): Promise<Response> {
    const location = await this.endpoint.authorize(
      params,
      readBrowserSignInCookie(this.request, this.config),
      requestContext(this.request),
    );
    return redirectTo(this.response, location, this.request.method);
  }
}

function unknownInteraction(): AppError {
  return new AppError(
    'INVALID_STATE',
    'This sign-in request is unknown: return to the application and start again.',
  );
}
