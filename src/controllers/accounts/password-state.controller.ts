import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {get, oas} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {IdentityBindings} from '../../keys';
import {PasswordChangeService} from '../../services/accounts/password-change.service';
import {CurrentUser} from '../../strategies/current-user';
import {AUTH_ERROR, errorResponses, jsonResponse} from './account-schemas';
import {ApiArea} from '../../services/platform/api-areas';

/**
 * Whether the caller's account has a password, so a client (the page) can
 * offer "Change password" (with the current one) or "Set a password" (an
 * account made through a provider). First-party clients only, as every
 * route without `@allowThirdPartyClients`.
 */
@oas.tags(ApiArea.LOCAL_ACCOUNTS)
export class PasswordStateController {
  constructor(
    @inject(IdentityBindings.PASSWORD_CHANGE_SERVICE)
    private passwords: PasswordChangeService,
  ) {}

  @authenticate('bearer', 'basic')
  @get('/users/me/password', {
    summary: 'Whether your account has a password',
    description:
      'Answers `{hasPassword}`: false for an account created through a provider that has not set one (it sets one with POST /users/me/password; one with a password changes it with PUT).',
    responses: {
      '200': jsonResponse('Whether the account has a password', {
        type: 'object',
        properties: {hasPassword: {type: 'boolean'}},
        required: ['hasPassword'],
      }),
      ...errorResponses({
        ...AUTH_ERROR,
        '403': '`FIRST_PARTY_REQUIRED`: a token of a third-party application',
      }),
    },
  })
  async passwordState(
    @inject(SecurityBindings.USER) caller: CurrentUser,
  ): Promise<{hasPassword: boolean}> {
    return {hasPassword: await this.passwords.hasPassword(caller.id)};
  }
}
