import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {
  del,
  get,
  oas,
  param,
  patch,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {IdentityBindings} from '../../keys';
import {
  ApplicationChanges,
  ApplicationService,
  ApplicationView,
  NewApplication,
} from '../../services/applications/application.service';
import {Actor} from '../../services/accounts/user-admin.service';
import {StepUpService} from '../../services/tokens/step-up.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {
  APPLICATION_CHANGES_SCHEMA,
  APPLICATION_ERRORS,
  APPLICATION_LIST_RESPONSE,
  APPLICATION_RESPONSE,
  INPUT_ERRORS,
  NEW_APPLICATION_SCHEMA,
} from './application.specs';
import {ACCESS_ERRORS} from '../accounts/user-admin.specs';
import {STEP_UP_AUTH_ERROR} from '../accounts/account-schemas';
import {errorResponse} from '../../errors/error-responses';
import {ApiArea} from '../../services/platform/api-areas';

const ID_PARAM = param.path.string('id', {description: 'The client id'});

/** Client applications: any signed-in user registers and manages their own. */
@oas.tags(ApiArea.CLIENT_APPLICATIONS)
@authenticate('bearer', 'basic')
export class ApplicationController {
  constructor(
    @inject(IdentityBindings.APPLICATION_SERVICE)
    private applications: ApplicationService,
    @inject(SecurityBindings.USER) private caller: CurrentUser,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
    @inject(IdentityBindings.STEP_UP_SERVICE) private stepUp: StepUpService,
  ) {}

  @post('/applications', {
    summary: 'Register a client application',
    description:
      'You become its owner. A confidential application gets a `clientSecret`, shown in this response only.',
    responses: {
      '201': APPLICATION_RESPONSE,
      ...INPUT_ERRORS,
      ...ACCESS_ERRORS,
    },
  })
  async create(
    @requestBody({
      required: true,
      content: {'application/json': {schema: NEW_APPLICATION_SCHEMA}},
    })
    input: NewApplication,
  ): Promise<ApplicationView> {
    const created = await this.applications.register(this.actor(), input);
    this.response.status(201);
    this.noStore();
    return created;
  }

  @get('/applications', {
    summary: 'List your client applications (an admin sees all)',
    responses: {'200': APPLICATION_LIST_RESPONSE, ...ACCESS_ERRORS},
  })
  list(): Promise<ApplicationView[]> {
    return this.applications.list(this.actor());
  }

  @get('/applications/{id}', {
    summary: 'Get one of your client applications',
    responses: {'200': APPLICATION_RESPONSE, ...APPLICATION_ERRORS},
  })
  findById(@ID_PARAM id: string): Promise<ApplicationView> {
    return this.applications.get(this.actor(), id);
  }

  @patch('/applications/{id}', {
    summary: 'Change a client application',
    description:
      '`disabled: true` refuses its logins and revokes every session at once. ' +
      'Only an admin sets `firstParty` and `verifiedOrigins`, allows token exchange, or re-enables.',
    responses: {
      '200': APPLICATION_RESPONSE,
      '403': errorResponse(
        '`FORBIDDEN`: an admin-only field, allowing token exchange or re-enabling, as a non-admin; `FIRST_PARTY_REQUIRED`',
      ),
      '409': errorResponse(
        '`CONFLICT`: `firstParty: false` or grants without `refresh_token` on `web`',
      ),
      ...INPUT_ERRORS,
      ...APPLICATION_ERRORS,
    },
  })
  update(
    @ID_PARAM id: string,
    @requestBody({
      required: true,
      content: {'application/json': {schema: APPLICATION_CHANGES_SCHEMA}},
    })
    changes: ApplicationChanges,
  ): Promise<ApplicationView> {
    return this.applications.update(this.actor(), id, changes);
  }

  @del('/applications/{id}', {
    summary: 'Delete a client application',
    description: 'Revokes its sessions and removes its provider credentials.',
    responses: {
      '204': {description: 'Deleted'},
      '409': errorResponse('`CONFLICT`: the web application stays'),
      ...APPLICATION_ERRORS,
    },
  })
  async delete(@ID_PARAM id: string): Promise<void> {
    await this.applications.delete(this.actor(), id);
  }

  @post('/applications/{id}/secret', {
    summary: 'Rotate the client secret',
    description:
      'The new `clientSecret` is in this response only; the old one stops working now. ' +
      'Needs a recent sign-in, with the second factor when the account has one (else 401 `INSUFFICIENT_USER_AUTHENTICATION`: POST /auth/step-up).',
    responses: {
      '200': APPLICATION_RESPONSE,
      '409': errorResponse('`CONFLICT`: a public application has no secret'),
      ...APPLICATION_ERRORS,
      '401': errorResponse(STEP_UP_AUTH_ERROR['401']),
    },
  })
  async rotateSecret(@ID_PARAM id: string): Promise<ApplicationView> {
    await this.stepUp.require(this.caller);
    const rotated = await this.applications.rotateSecret(this.actor(), id);
    this.noStore();
    return rotated;
  }

  private actor(): Actor {
    return {userId: this.caller.id, context: requestContext(this.request)};
  }

  /** A response carrying a secret must not be cached anywhere. */
  private noStore(): void {
    this.response.setHeader('Cache-Control', 'no-store');
  }
}
