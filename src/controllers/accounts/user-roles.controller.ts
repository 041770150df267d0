import {authenticate} from '@loopback/authentication';
import {authorize} from '@loopback/authorization';
import {inject} from '@loopback/core';
import {get, oas, param} from '@loopback/rest';
import {IdentityBindings} from '../../keys';
import {allowSelf, ADMIN_ROLE} from '../../services/accounts/role.authorizer';
import {UserAdminService} from '../../services/accounts/user-admin.service';
import {ACCESS_ERRORS, ROLES_RESPONSE} from './user-admin.specs';
import {errorResponse} from '../../errors/error-responses';
import {ApiArea} from '../../services/platform/api-areas';

/** A user's roles: for that user, or for an admin. */
@oas.tags(ApiArea.ADMINISTRATION)
export class UserRolesController {
  constructor(
    @inject(IdentityBindings.USER_ADMIN_SERVICE)
    private admin: UserAdminService,
  ) {}

  @authenticate('bearer', 'basic')
  // `allowSelf` reads the user id from the first argument.
  @authorize({allowedRoles: [ADMIN_ROLE], voters: [allowSelf]})
  @get('/users/{id}/roles', {
    summary: "A user's roles (yourself, or any user for an admin)",
    responses: {
      '200': ROLES_RESPONSE,
      '404': errorResponse('`NOT_FOUND` (admins only; others get 403)'),
      ...ACCESS_ERRORS,
    },
  })
  async roles(
    @param.path.string('id', {description: 'The user id'}) id: string,
  ): Promise<{authenticated: true; roles: string[]}> {
    return {authenticated: true, roles: await this.admin.rolesOf(id)};
  }
}
