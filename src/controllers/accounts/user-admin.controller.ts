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
  Response,
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
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @get('/users', {
    summary: 'List users (admin)',
    description:
      'Oldest first, a page at a time: follow the `Link: rel="next"` header (keyset pagination; a page deep in the list costs what the first one costs). Filter only by `email`: no LoopBack filter is taken from the client.',
    responses: {
      '200': USER_LIST_RESPONSE,
      '400': errorResponse(
        '`INVALID_PARAMETER_VALUE`: a bad query parameter; `INVALID_CURSOR`: a cursor this list did not give; `INVALID_REQUEST`: both `cursor` and `offset`',
      ),
      ...ACCESS_ERRORS,
    },
  })
  async list(
    @param(USER_LIST_PARAMS.email) email?: string,
    @param(USER_LIST_PARAMS.limit) limit?: number,
    @param(USER_LIST_PARAMS.cursor) cursor?: string,
    @param(USER_LIST_PARAMS.offset) offset?: number,
  ): Promise<User[]> {
    const page = await this.admin.list({email, limit, cursor, offset});
    if (page.next) {
      const next = new URLSearchParams({
        ...(email ? {email} : {}),
        ...(limit ? {limit: String(limit)} : {}),
        cursor: page.next,
      });
      // The path as requested: right under a host application's base path too.
      const path = this.request.originalUrl.split('?')[0];
      this.response.setHeader('Link', `<${path}?${next}>; rel="next"`);
    }
    return page.users;
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
