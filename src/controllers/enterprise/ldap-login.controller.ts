import {inject} from '@loopback/core';
import {
  param,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
  SchemaObject,
} from '@loopback/rest';
import {LdapEntry} from '../../config/ldap-entry';
import {AppError} from '../../errors';
import {IdentityBindings} from '../../keys';
import {LdapLoginService} from '../../services/enterprise/ldap-login.service';
import {TokenResponse} from '../../services/tokens/session.service';
import {requestContext} from '../../strategies/request-context';
import {errorResponses, jsonResponse} from '../accounts/account-schemas';
import {noStoreTokenResponse} from '../platform/response-headers';
import {TOKEN_RESPONSE} from '../tokens/oauth-schemas';

/** A sign-in field: an empty one is a wrong credential, not a bad request. */
const FIELD: SchemaObject = {type: 'string', maxLength: 1024};

const DIRECTORY_LOGIN_BODY: SchemaObject = {
  type: 'object',
  properties: {
    username: {...FIELD, description: 'The directory sign-in name'},
    password: {...FIELD, description: 'The directory password'},
    client_id: {type: 'string', minLength: 1, maxLength: 128},
  },
  // The entry's usernameField / passwordField (LoopBack 3) name the two
  // fields too; any other property is refused below.
  additionalProperties: FIELD,
};

type DirectoryLoginBody = Record<string, string | undefined>;

/** Sign-in with a directory password (LDAP / Active Directory entries). */
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
    body: DirectoryLoginBody,
    @param.query.string('client_id') queryClientId?: string,
  ): Promise<TokenResponse> {
    const entry = this.logins.entry(name);
    const {username, password} = credentialsOf(entry, body);
    const tokens = await this.logins.login(
      entry,
      {username, password, clientId: body.client_id ?? queryClientId},
      requestContext(this.request),
    );
    noStoreTokenResponse(this.response);
    return tokens;
  }
}

/** The username and password, under the usual names or the entry's own. */
function credentialsOf(
  entry: LdapEntry,
  body: DirectoryLoginBody,
): {username: string; password: string} {
  const allowed = new Set([
    'username',
    'password',
    'client_id',
    entry.usernameField,
    entry.passwordField,
  ]);
  const unknown = Object.keys(body).filter(key => !allowed.has(key));
  if (unknown.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Unknown properties: ${unknown.join(', ')}.`,
    );
  }
  const username = body[entry.usernameField] ?? body.username;
  const password = body[entry.passwordField] ?? body.password;
  if (username === undefined || password === undefined) {
    throw new AppError(
      'INVALID_REQUEST',
      `Send {"${entry.usernameField}", "${entry.passwordField}"} as JSON.`,
    );
  }
  return {username, password};
}
