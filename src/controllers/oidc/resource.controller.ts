import {authenticate} from '@loopback/authentication';
import {authorize} from '@loopback/authorization';
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
import {ADMIN_ROLE} from '../../services/accounts/role.authorizer';
import {Actor} from '../../services/accounts/user-admin.service';
import {
  NewResource,
  ResourceChanges,
  ResourceService,
  ResourceView,
} from '../../services/oidc/resource.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {ACCESS_ERRORS} from '../accounts/user-admin.specs';
import {errorResponse} from '../../errors/error-responses';
import {
  NEW_RESOURCE_SCHEMA,
  RESOURCE_CHANGES_SCHEMA,
  RESOURCE_INPUT_ERRORS,
  RESOURCE_LIST_RESPONSE,
  RESOURCE_NOT_FOUND_ERRORS,
  RESOURCE_RESPONSE,
} from './resource.specs';
import {ApiArea} from '../../services/platform/api-areas';

const ID_PARAM = param.path.string('id', {description: 'The resource id'});

/** The APIs (RFC 8707 resources) tokens are issued for; admins only. */
@oas.tags(ApiArea.CLIENT_APPLICATIONS)
@authenticate('bearer', 'basic')
@authorize({allowedRoles: [ADMIN_ROLE]})
export class ResourceController {
  constructor(
    @inject(IdentityBindings.RESOURCE_SERVICE)
    private resources: ResourceService,
    @inject(SecurityBindings.USER) private caller: CurrentUser,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @post('/resources', {
    summary: 'Register an API that accepts the service’s tokens (admin)',
    responses: {
      '201': RESOURCE_RESPONSE,
      '409': errorResponse(
        '`RESOURCE_EXISTS`: another resource has this identifier',
      ),
      ...RESOURCE_INPUT_ERRORS,
      ...ACCESS_ERRORS,
    },
  })
  async create(
    @requestBody({
      required: true,
      content: {'application/json': {schema: NEW_RESOURCE_SCHEMA}},
    })
    input: NewResource,
  ): Promise<ResourceView> {
    const created = await this.resources.create(this.actor(), input);
    this.response.status(201);
    return created;
  }

  @get('/resources', {
    summary: 'List the resources (admin)',
    responses: {'200': RESOURCE_LIST_RESPONSE, ...ACCESS_ERRORS},
  })
  list(): Promise<ResourceView[]> {
    return this.resources.list();
  }

  @get('/resources/{id}', {
    summary: 'Get a resource (admin)',
    responses: {'200': RESOURCE_RESPONSE, ...RESOURCE_NOT_FOUND_ERRORS},
  })
  findById(@ID_PARAM id: string): Promise<ResourceView> {
    return this.resources.get(id);
  }

  @patch('/resources/{id}', {
    summary: 'Change a resource’s name, scopes or token lifetime (admin)',
    description:
      'The identifier never changes (tokens already issued carry it). A scope removed is granted no more from the next grant on.',
    responses: {
      '200': RESOURCE_RESPONSE,
      ...RESOURCE_INPUT_ERRORS,
      ...RESOURCE_NOT_FOUND_ERRORS,
    },
  })
  update(
    @ID_PARAM id: string,
    @requestBody({
      required: true,
      content: {'application/json': {schema: RESOURCE_CHANGES_SCHEMA}},
    })
    changes: ResourceChanges,
  ): Promise<ResourceView> {
    return this.resources.update(this.actor(), id, changes);
  }

  @del('/resources/{id}', {
    summary: 'Delete a resource (admin)',
    description:
      'No token is issued for it from then on; applications and consents that name it are granted nothing for it.',
    responses: {'204': {description: 'Deleted'}, ...RESOURCE_NOT_FOUND_ERRORS},
  })
  async delete(@ID_PARAM id: string): Promise<void> {
    await this.resources.delete(this.actor(), id);
  }

  private actor(): Actor {
    return {userId: this.caller.id, context: requestContext(this.request)};
  }
}
