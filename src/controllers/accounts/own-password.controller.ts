import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {
  oas,
  post,
  put,
  Request,
  requestBody,
  RestBindings,
} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {IdentityBindings} from '../../keys';
import {PasswordChangeService} from '../../services/accounts/password-change.service';
import {StepUpService} from '../../services/tokens/step-up.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {
  emptyResponse,
  errorResponses,
  jsonBody,
  PASSWORD_CHANGE_BODY,
  PASSWORD_SET_BODY,
  STEP_UP_AUTH_ERROR,
} from './account-schemas';
import {ApiArea} from '../../services/platform/api-areas';

const STEP_UP =
  'Needs a recent sign-in (STEP_UP_MAX_AGE), with the second factor when the account has one; ' +
  'else 401 `INSUFFICIENT_USER_AUTHENTICATION`: confirm with POST /auth/step-up and retry with its token.';

/** The caller's password: change it, or set a first one. */
@oas.tags(ApiArea.LOCAL_ACCOUNTS)
@authenticate('bearer', 'basic')
export class OwnPasswordController {
  constructor(
    @inject(IdentityBindings.PASSWORD_CHANGE_SERVICE)
    private passwords: PasswordChangeService,
    @inject(IdentityBindings.STEP_UP_SERVICE) private stepUp: StepUpService,
    @inject(SecurityBindings.USER) private caller: CurrentUser,
    @inject(RestBindings.Http.REQUEST) private request: Request,
  ) {}

  @put('/users/me/password', {
    summary: 'Change your password',
    description:
      'Revokes every other session of yours; the session of this request stays signed in. ' +
      STEP_UP,
    responses: {
      '204': emptyResponse('Password changed'),
      ...errorResponses({
        ...STEP_UP_AUTH_ERROR,
        '403':
          'INVALID_CURRENT_PASSWORD: the password confirmation is wrong or missing',
        '422': 'WEAK_PASSWORD (details.reason) or VALIDATION_FAILED',
      }),
    },
  })
  async changePassword(
    @requestBody(jsonBody(PASSWORD_CHANGE_BODY))
    body: {
      currentPassword: string;
      newPassword: string;
    },
  ): Promise<void> {
    await this.stepUp.require(this.caller);
    await this.passwords.changePassword(
      {userId: this.caller.id, sessionId: this.caller.sessionId},
      body.currentPassword,
      body.newPassword,
      requestContext(this.request),
    );
  }

  @post('/users/me/password', {
    summary: 'Set a password on an account that has none',
    description:
      'For an account made through a provider: after a recent sign-in (through the provider), it gets a password to sign in with too. ' +
      'The password policy applies. Sessions stay signed in. ' +
      STEP_UP,
    responses: {
      '204': emptyResponse('Password set'),
      ...errorResponses({
        ...STEP_UP_AUTH_ERROR,
        '409':
          'PASSWORD_ALREADY_SET: the account has a password; change it with PUT /users/me/password',
        '422': 'WEAK_PASSWORD (details.reason) or VALIDATION_FAILED',
      }),
    },
  })
  async setPassword(
    @requestBody(jsonBody(PASSWORD_SET_BODY)) body: {newPassword: string},
  ): Promise<void> {
    await this.stepUp.require(this.caller);
    await this.passwords.setPassword(
      this.caller.id,
      body.newPassword,
      requestContext(this.request),
    );
  }
}
