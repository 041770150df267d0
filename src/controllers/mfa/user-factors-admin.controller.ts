import {authenticate} from '@loopback/authentication';
import {authorize} from '@loopback/authorization';
import {inject} from '@loopback/core';
import {del, get, oas, param, Request, RestBindings} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {errorResponse} from '../../errors/error-responses';
import {IdentityBindings} from '../../keys';
import {ADMIN_ROLE} from '../../services/accounts/role.authorizer';
import {
  FactorSummary,
  MfaResetService,
} from '../../services/mfa/mfa-reset.service';
import {StepUpService} from '../../services/tokens/step-up.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {ACCESS_ERRORS} from '../accounts/user-admin.specs';
import {ApiArea} from '../../services/platform/api-areas';

const ID_PARAM = param.path.string('id', {description: 'The user id'});

const FACTOR_SUMMARY = {
  type: 'object',
  properties: {
    id: {type: 'string'},
    type: {type: 'string', enum: ['totp', 'webauthn']},
    name: {type: 'string'},
    created: {type: 'string', format: 'date-time'},
    confirmedAt: {type: 'string', format: 'date-time'},
    lastUsedAt: {type: 'string', format: 'date-time'},
  },
};

/** An administrator helps a person who lost every factor and code. */
@oas.tags(ApiArea.ADMINISTRATION)
@authenticate('bearer', 'basic')
@authorize({allowedRoles: [ADMIN_ROLE]})
export class UserFactorsAdminController {
  constructor(
    @inject(IdentityBindings.MFA_RESET_SERVICE) private resets: MfaResetService,
    @inject(IdentityBindings.STEP_UP_SERVICE) private stepUp: StepUpService,
    @inject(SecurityBindings.USER) private caller: CurrentUser,
    @inject(RestBindings.Http.REQUEST) private request: Request,
  ) {}

  @get('/users/{id}/factors', {
    summary: "A user's second factors (admin)",
    description: 'Names, kinds and dates; never a secret or a key.',
    responses: {
      '200': {
        description: 'The factors, oldest first',
        content: {
          'application/json': {schema: {type: 'array', items: FACTOR_SUMMARY}},
        },
      },
      '404': errorResponse('`NOT_FOUND`'),
      ...ACCESS_ERRORS,
    },
  })
  list(@ID_PARAM id: string): Promise<FactorSummary[]> {
    return this.resets.factorsOf(id);
  }

  @del('/users/{id}/factors', {
    summary: "Remove all of a user's second factors (admin)",
    description:
      'For a person who lost every factor and recovery code: they sign in with their first factor alone again and enrol anew. Their recovery codes go too. Needs a recent sign-in of the admin, with a second factor if the admin has one (RFC 9470 step-up).',
    responses: {
      '204': {description: 'Removed'},
      '401': errorResponse(
        '`INSUFFICIENT_USER_AUTHENTICATION`: the admin must sign in again (WWW-Authenticate names max_age / acr_values); or the errors of authentication',
      ),
      '404': errorResponse('`NOT_FOUND`'),
      ...ACCESS_ERRORS,
    },
  })
  async reset(@ID_PARAM id: string): Promise<void> {
    await this.stepUp.require(this.caller);
    await this.resets.resetAll(
      {userId: this.caller.id, context: requestContext(this.request)},
      id,
    );
  }
}
