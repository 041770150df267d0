import {authenticate} from '@loopback/authentication';
import {authorize} from '@loopback/authorization';
import {inject} from '@loopback/core';
import {
  del,
  get,
  oas,
  param,
  patch,
  Request,
  requestBody,
  RestBindings,
} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {IdentityBindings} from '../../keys';
import {User} from '../../models';
import {ADMIN_ROLE} from '../../services/accounts/role.authorizer';
import {
  UserAdminService,
  UserChanges,
} from '../../services/accounts/user-admin.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {
  ACCESS_ERRORS,
  USER_CHANGES_SCHEMA,
  USER_LIST_PARAMS,
  USER_LIST_RESPONSE,
  USER_RESPONSE,
} from './user-admin.specs';
import {errorResponse} from '../../errors/error-responses';
import {ApiArea} from '../../services/platform/api-areas';

const ID_PARAM = param.path.string('id', {description: 'The user id'});

/** Account administration; every route needs the admin role. */
@oas.tags(ApiArea.ADMINISTRATION)
@authenticate('bearer', 'basic')
@authorize({allowedRoles: [ADMIN_ROLE]})
export class UserAdminController {
  constructor(
    @inject(IdentityBindings.USER_ADMIN_SERVICE)
    private admin: UserAdminService,
    @inject(SecurityBindings.USER) private caller: CurrentUser,
    @inject(RestBindings.Http.REQUEST) private request: Request,
  ) {}

  @get('/users', {
    summary: 'List users (admin)',
    description:
      'Paged, oldest first. Filter only by `email`: no LoopBack filter is taken from the client.',
    responses: {
      '200': USER_LIST_RESPONSE,
      '400': errorResponse('`INVALID_PARAMETER_VALUE`: a bad query parameter'),
      ...ACCESS_ERRORS,
    },
  })
  list(
    @param(USER_LIST_PARAMS.email) email?: string,
    @param(USER_LIST_PARAMS.limit) limit?: number,
    @param(USER_LIST_PARAMS.offset) offset?: number,
  ): Promise<User[]> {
    return this.admin.list({email, limit, offset});
  }

  @get('/users/{id}', {
    summary: 'Get a user (admin)',
    responses: {
      '200': USER_RESPONSE,
      '404': errorResponse('`NOT_FOUND`'),
      ...ACCESS_ERRORS,
    },
  })
  findById(@ID_PARAM id: string): Promise<User> {
    return this.admin.get(id);
  }

  @patch('/users/{id}', {
    summary: 'Change a user (admin)',
    description:
      'Disabling revokes every session of the user at once. A changed email is unverified unless `emailVerified` is sent too.',
    responses: {
      '200': USER_RESPONSE,
      '404': errorResponse('`NOT_FOUND`'),
      '409': errorResponse(
        '`CANNOT_MODIFY_SELF` (own admin role or disabling yourself), `EMAIL_TAKEN`, `USERNAME_TAKEN`',
      ),
      '422': errorResponse('`VALIDATION_FAILED`: unknown or invalid property'),
      ...ACCESS_ERRORS,
    },
  })
  update(
    @ID_PARAM id: string,
    @requestBody({
      required: true,
      content: {'application/json': {schema: USER_CHANGES_SCHEMA}},
    })
    changes: UserChanges,
  ): Promise<User> {
    return this.admin.update(this.actor(), id, changes);
  }

  @del('/users/{id}', {
    summary: 'Delete a user (admin)',
    description:
      'Revokes their sessions and removes their sign-in methods. Their client applications are deleted (sessions revoked, provider credentials removed), or given to the user named by `transferApplicationsTo`.',
    responses: {
      '204': {description: 'Deleted'},
      '404': errorResponse('`NOT_FOUND`'),
      '422': errorResponse(
        '`VALIDATION_FAILED`: `transferApplicationsTo` is not another existing user',
      ),
      '409': errorResponse('`CANNOT_MODIFY_SELF`: delete yourself elsewhere'),
      ...ACCESS_ERRORS,
    },
  })
  async delete(
    @ID_PARAM id: string,
    @param.query.string('transferApplicationsTo', {
      description:
        'Give the user’s client applications to this user instead of deleting them',
      schema: {type: 'string', minLength: 1, maxLength: 128},
    })
    transferApplicationsTo?: string,
  ): Promise<void> {
    await this.admin.delete(this.actor(), id, {transferApplicationsTo});
  }

  private actor() {
    return {userId: this.caller.id, context: requestContext(this.request)};
  }
}
