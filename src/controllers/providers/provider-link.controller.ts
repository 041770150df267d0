import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {
  oas,
  param,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
  SchemaObject,
} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {AppConfig} from '../../config';
import {ProviderEntry} from '../../config/provider-entry';
import {AppError} from '../../errors';
import {IdentityBindings} from '../../keys';
import {FlowClientRequest} from '../../services/tokens/client-rule.service';
import {StepUpService} from '../../services/tokens/step-up.service';
import {ProviderFlowService} from '../../services/providers/flows/provider-flow.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {
  errorResponses,
  STEP_UP_AUTH_ERROR,
  VALIDATION_ERROR,
} from '../accounts/account-schemas';
import {setLinkBindingCookie} from './link-binding-cookie';
import {ApiArea} from '../../services/platform/api-areas';

const LINK_REQUEST: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  required: ['code_challenge', 'code_challenge_method'],
  properties: {
    client_id: {type: 'string', maxLength: 256},
    redirect_uri: {type: 'string', maxLength: 2048},
    state: {type: 'string', maxLength: 2048},
    code_challenge: {type: 'string', maxLength: 128},
    code_challenge_method: {type: 'string', enum: ['S256']},
  },
};

/** Starts linking a provider to the signed-in user. */
@oas.tags(ApiArea.THIRD_PARTY)
export class ProviderLinkController {
  constructor(
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(IdentityBindings.PROVIDERS)
    private providers: readonly ProviderEntry[],
    @inject(IdentityBindings.PROVIDER_FLOW_SERVICE)
    private flows: ProviderFlowService,
    @inject(IdentityBindings.STEP_UP_SERVICE) private stepUp: StepUpService,
  ) {}

  // A browser navigation cannot carry a bearer token: the flow starts here,
  // and the page then navigates to the URL it gets back. The cookie binds
  // the flow to this browser: anyone else who follows the URL (someone the
  // caller sent it to) must confirm the link instead. A link adds a way
  // into the account that outlives every token, so it is a sensitive
  // operation: a stolen access token alone must not buy it (step-up).
  @authenticate('bearer', 'basic')
  @post('/link/{name}', {
    summary: 'Link a provider to your account: answers the provider URL',
    description:
      'Needs a recent sign-in, with the second factor when the account has one (else 401 `INSUFFICIENT_USER_AUTHENTICATION`: POST /auth/step-up).',
    responses: {
      '200': {
        description:
          'Navigate the browser to `url`. Sets the `link-binding` cookie ' +
          '(`__Host-link-binding` over https; HttpOnly, SameSite=Lax, 5 minutes): ' +
          'a callback that carries it links at once, any other asks the person to confirm',
        content: {
          'application/json': {
            schema: {type: 'object', properties: {url: {type: 'string'}}},
          },
        },
      },
      ...errorResponses({
        '400': '`INVALID_CLIENT`, `INVALID_REDIRECT_URI`, `INVALID_REQUEST`',
        ...STEP_UP_AUTH_ERROR,
        '404': '`NOT_FOUND`: no such provider',
        ...VALIDATION_ERROR,
      }),
    },
  })
  async link(
    @param.path.string('name') name: string,
    @requestBody({
      required: true,
      content: {'application/json': {schema: LINK_REQUEST}},
    })
    body: FlowClientRequest,
    @inject(SecurityBindings.USER) user: CurrentUser,
  ): Promise<{url: string}> {
    const entry = this.providers.find(p => p.name === name);
    if (!entry) throw new AppError('NOT_FOUND', 'No such provider.');
    await this.stepUp.require(user);
    const {url, binding} = await this.flows.startLink(
      entry,
      body,
      {
        userId: user.id,
        sessionId: user.sessionId,
        context: requestContext(this.request),
      },
      this.request,
    );
    setLinkBindingCookie(this.response, binding, this.config);
    return {url};
  }
}
