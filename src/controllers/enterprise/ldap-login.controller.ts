import {inject} from '@loopback/core';
import {
  oas,
  param,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
} from '@loopback/rest';
import {IdentityBindings} from '../../keys';
import {LdapLoginService} from '../../services/enterprise/ldap-login.service';
import {TokenResponse} from '../../services/tokens/session.service';
import {requestContext} from '../../strategies/request-context';
import {errorResponses, jsonResponse} from '../accounts/account-schemas';
import {noStoreTokenResponse} from '../platform/response-headers';
import {TOKEN_RESPONSE} from '../tokens/oauth-schemas';
import {
  credentialsOf,
  DirectoryBody,
  directoryBodySchema,
} from './directory-credentials';
import {ApiArea} from '../../services/platform/api-areas';

const DIRECTORY_LOGIN_BODY = directoryBodySchema({
  client_id: {type: 'string', minLength: 1, maxLength: 128},
});

/** Sign-in with a directory password (LDAP / Active Directory entries). */
@oas.tags(ApiArea.THIRD_PARTY)
export class LdapLoginController {
  constructor(
    @inject(IdentityBindings.LDAP_LOGIN_SERVICE)
    private logins: LdapLoginService,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @post('/auth/{name}/login', {
    summary: 'Sign in with a directory (LDAP) username and password',
    description:
      'For providers.json entries with `"authScheme": "ldap"`. JSON `{username, password, client_id?}`; ' +
      "the entry's `usernameField` / `passwordField` may name the two fields instead. The session " +
      'belongs to `client_id` (body or query), `web` by default.',
    responses: {
      '200': jsonResponse(
        'RFC 6749 token response; Cache-Control: no-store',
        TOKEN_RESPONSE,
      ),
      ...errorResponses({
        '400':
          'INVALID_REQUEST: no username or password field, or an unknown client_id',
        '401':
          'INVALID_CREDENTIALS: one answer for unknown user, wrong or empty password, and a lock-out',
        '403':
          'MFA_REQUIRED: the account has a second factor (see POST /auth/mfa); ACCOUNT_DISABLED',
        '404': 'PROVIDER_NOT_FOUND: no LDAP entry has this name',
        '409':
          'ACCOUNT_EXISTS: an account has this email and may not be linked by it',
        '422': 'VALIDATION_FAILED: the body breaks the schema',
        '429': 'RATE_LIMITED: too many wrong passwords from this address',
        '502':
          'PROVIDER_ERROR: the directory refused the service account or the search',
        '503':
          'DIRECTORY_UNAVAILABLE: the directory cannot be reached (down, timeout, TLS)',
      }),
    },
  })
  async login(
    @param.path.string('name') name: string,
    @requestBody({
      required: true,
      content: {'application/json': {schema: DIRECTORY_LOGIN_BODY}},
    })
    body: DirectoryBody,
    @param.query.string('client_id') queryClientId?: string,
  ): Promise<TokenResponse> {
    const entry = this.logins.entry(name);
    const {username, password} = credentialsOf(entry, body, ['client_id']);
    const tokens = await this.logins.login(
      entry,
      {username, password, clientId: body.client_id ?? queryClientId},
      requestContext(this.request),
    );
    noStoreTokenResponse(this.response);
    return tokens;
  }
}
