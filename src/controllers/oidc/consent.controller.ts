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
import {ConsentDecisionService} from '../../services/oidc/consent-decision.service';
import {sendConsentPage} from '../../services/oidc/consent-page';
import {requestContext} from '../../strategies/request-context';
import {AppError} from '../../errors';
import {readBrowserSignInCookie} from './browser-session-cookie';
import {pageError, rawFormBody, rawQuery, redirectTo} from './oidc-http';
import {ApiArea} from '../../services/platform/api-areas';

const REFUSALS = pageError(
  'An HTML page: `INVALID_STATE` (a question that is unknown, expired, already answered, asked of ' +
    'another browser sign-in, or a wrong `consent_token`), `INVALID_REQUEST` (no `decision`, a ' +
    'repeated parameter), `INVALID_CHARACTERS`; nothing is granted and no code is issued',
);

const ANSWERS: OperationObject['responses'] = {
  '303': {
    description:
      '`allow`: on to the code, `redirect_uri?code=…&state=…&iss=…`; `deny`: ' +
      '`redirect_uri?error=access_denied&error_description=…&state=…&iss=…` (empty body)',
  },
  '400': REFUSALS,
};

/**
 * The consent page of the authorization endpoint (a third-party client
 * asks for what the person has not allowed it yet). Shown by GET, which
 * changes nothing; answered by the page's own form post.
 */
@oas.tags(ApiArea.CLIENT_APPLICATIONS)
export class ConsentController {
  constructor(
    @inject(IdentityBindings.CONSENT_DECISION_SERVICE)
    private decisions: ConsentDecisionService,
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @get('/oauth/consent', {
    summary: 'The consent page of an authorization (HTML)',
    description:
      'Query `interaction`: the id the authorization endpoint sent the browser here with. ' +
      'Only the browser sign-in the question was put to sees it.',
    responses: {
      '200': {
        description: 'The page: the application, what it asks, Allow and Deny',
        content: {'text/html': {schema: {type: 'string'}}},
      },
      '400': REFUSALS,
    },
  })
  async show(): Promise<Response> {
    const id = one(parseParams(rawQuery(this.request)), 'interaction');
    const view = await this.decisions.show(id ?? '', this.cookie());
    return sendConsentPage(this.response, view);
  }

  @post('/oauth/consent', {
    summary: "The person's answer on the consent page",
    description:
      "The page's form: `interaction`, `consent_token` (one-time, in the page), `decision` " +
      '(`allow` or `deny`), with the browser sign-in cookie the question was put to.',
    responses: ANSWERS,
  })
  async decide(
    @requestBody(rawFormBody('The answer as application/x-www-form-urlencoded'))
    body: string | undefined,
  ): Promise<Response> {
    const params = parseParams(body ?? '');
    const location = await this.decisions.decide(
      {
        interaction: one(params, 'interaction'),
        token: one(params, 'consent_token'),
        decision: one(params, 'decision'),
      },
      this.cookie(),
      requestContext(this.request),
    );
    return redirectTo(this.response, location, 'POST');
  }

  private cookie(): string | undefined {
    return readBrowserSignInCookie(this.request, this.config);
  }
}

function one(params: AuthorizationParams, name: string): string | undefined {
  return single(params, name, repeated => {
    return new AppError(
      'INVALID_REQUEST',
      `The ${repeated} parameter is sent more than once.`,
    );
  });
}
