import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {get, oas} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {allowThirdPartyClients} from '../../interceptors/first-party.interceptor';
import {IdentityBindings} from '../../keys';
import {User} from '../../models';
import {AccountService} from '../../services/accounts/account.service';
import {CurrentUser} from '../../strategies/current-user';
import {
  AUTH_ERROR,
  errorResponses,
  jsonResponse,
  USER_SCHEMA,
} from './account-schemas';
import {ApiArea} from '../../services/platform/api-areas';

/**
 * `GET /users/me` on its own: the most frequent authenticated call, so its
 * controller injects only what it uses (LoopBack builds a controller per
 * request).
 */
@oas.tags(ApiArea.LOCAL_ACCOUNTS)
export class OwnAccountController {
  constructor(
    @inject(IdentityBindings.ACCOUNT_SERVICE)
    private accounts: AccountService,
  ) {}

  @authenticate('bearer', 'basic')
  // It answers the name and the email: a token of the authorization
  // endpoint reads them only when the person allowed both.
  @allowThirdPartyClients({scopes: ['profile', 'email']})
  @get('/users/me', {
    summary: 'The signed-in user',
    description:
      'A third-party application may read it; with a token of the authorization endpoint, ' +
      'only when it was granted `profile` and `email` (else 403 `INSUFFICIENT_SCOPE`).',
    responses: {
      '200': jsonResponse('The signed-in user', USER_SCHEMA),
      ...errorResponses({
        ...AUTH_ERROR,
        '403':
          '`INSUFFICIENT_SCOPE`: a token of the authorization endpoint without `profile` and `email`',
      }),
    },
  })
  async me(@inject(SecurityBindings.USER) caller: CurrentUser): Promise<User> {
    return this.accounts.getOwnAccount(caller.id);
  }
}
