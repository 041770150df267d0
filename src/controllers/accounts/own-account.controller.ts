import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {get} from '@loopback/rest';
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

/**
 * `GET /users/me` on its own: the most frequent authenticated call, so its
 * controller injects only what it uses (LoopBack builds a controller per
 * request).
 */
export class OwnAccountController {
  constructor(
    @inject(IdentityBindings.ACCOUNT_SERVICE)
    private accounts: AccountService,
  ) {}

  @authenticate('bearer', 'basic')
  @allowThirdPartyClients()
  @get('/users/me', {
    summary: 'The signed-in user',
    responses: {
      '200': jsonResponse('The signed-in user', USER_SCHEMA),
      ...errorResponses(AUTH_ERROR),
    },
  })
  async me(@inject(SecurityBindings.USER) caller: CurrentUser): Promise<User> {
    return this.accounts.getOwnAccount(caller.id);
  }
}
