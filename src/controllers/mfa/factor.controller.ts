import {authenticate} from '@loopback/authentication';
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
import {FactorService} from '../../services/mfa/factor.service';
import {FactorView} from '../../services/mfa/factor-views';
import {StepUpService} from '../../services/tokens/step-up.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {
  AUTH_ERROR,
  errorResponses,
  jsonBody,
  jsonResponse,
  VALIDATION_ERROR,
} from '../accounts/account-schemas';
import {
  FACTOR,
  FIRST_PARTY_ERROR,
  RENAME_BODY,
  STEP_UP_ERROR,
} from './factor-schemas';
import {ApiArea} from '../../services/platform/api-areas';

const NOT_FOUND = {'404': '`FACTOR_NOT_FOUND`: no such factor of yours'};

/**
 * The signed-in user's second factors, whatever their kind: authenticator
 * apps and passkeys. First-party applications only (the default rule).
 */
@oas.tags(ApiArea.LOCAL_ACCOUNTS)
@authenticate('bearer', 'basic')
export class FactorController {
  constructor(
    @inject(IdentityBindings.FACTOR_SERVICE) private factors: FactorService,
    @inject(IdentityBindings.STEP_UP_SERVICE) private stepUp: StepUpService,
    @inject(SecurityBindings.USER) private user: CurrentUser,
    @inject(RestBindings.Http.REQUEST) private request: Request,
  ) {}

  @get('/users/me/factors', {
    summary: 'Your second factors: authenticator apps and passkeys',
    description:
      'Confirmed factors and a TOTP enrolment still waiting for its first code (no `confirmedAt`), oldest first. Never a secret or a public key.',
    responses: {
      '200': jsonResponse('Factors, oldest first', {
        type: 'array',
        items: FACTOR,
      }),
      ...errorResponses({...AUTH_ERROR, ...FIRST_PARTY_ERROR}),
    },
  })
  async list(): Promise<FactorView[]> {
    return this.factors.list(this.user.id);
  }

  @patch('/users/me/factors/{id}', {
    summary: 'Rename one of your factors',
    responses: {
      '200': jsonResponse('The factor', FACTOR),
      ...errorResponses({
        ...AUTH_ERROR,
        ...FIRST_PARTY_ERROR,
        ...NOT_FOUND,
        ...VALIDATION_ERROR,
        '400': 'INVALID_CHARACTERS: a control character in the name',
      }),
    },
  })
  async rename(
    @param.path.string('id') id: string,
    @requestBody(jsonBody(RENAME_BODY)) body: {name: string},
  ): Promise<FactorView> {
    return this.factors.rename(
      this.user.id,
      id,
      body.name,
      requestContext(this.request),
    );
  }

  @del('/users/me/factors/{id}', {
    summary: 'Remove one of your factors',
    description:
      'A sensitive operation: it needs a recent sign-in, with your second factor. ' +
      'Removing your last confirmed factor deletes your recovery codes too: you sign in with your first factor alone again.',
    responses: {
      '204': {description: 'Removed'},
      ...errorResponses({
        ...STEP_UP_ERROR,
        ...FIRST_PARTY_ERROR,
        ...NOT_FOUND,
      }),
    },
  })
  async remove(@param.path.string('id') id: string): Promise<void> {
    await this.stepUp.require(this.user);
    await this.factors.remove(this.user.id, id, requestContext(this.request));
  }
}
