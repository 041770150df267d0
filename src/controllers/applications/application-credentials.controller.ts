import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {
  del,
  get,
  oas,
  param,
  put,
  Request,
  requestBody,
  RestBindings,
} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {IdentityBindings} from '../../keys';
import {
  ApplicationCredentialService,
  CredentialInput,
  CredentialView,
} from '../../services/applications/application-credential.service';
import {Actor} from '../../services/accounts/user-admin.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {APPLICATION_ERRORS} from './application.specs';
import {
  CREDENTIAL_INPUT_SCHEMA,
  CREDENTIAL_RESPONSE,
  MULTILINE_CREDENTIAL_FIELDS,
} from './application-credential.specs';
import {MULTILINE_FIELDS} from '../../interceptors/checked-body.parser';
import {errorResponse} from '../../errors/error-responses';
import {ApiArea} from '../../services/platform/api-areas';

const ID_PARAM = param.path.string('id', {description: 'The client id'});
const PROVIDER_PARAM = param.path.string('provider', {
  description:
    'The providers.json entry name, e.g. `facebook-login`, a SAML or an LDAP entry',
});

const NOT_FOUND = {
  '404': errorResponse(
    '`APPLICATION_NOT_FOUND`, `PROVIDER_NOT_FOUND` (no such entry), or `NOT_FOUND` (none stored)',
  ),
};

/**
 * A client application's own provider credentials, or its own directory (a
 * SAML IdP, an LDAP server) for an enterprise entry; secrets never echoed.
 */
@oas.tags(ApiArea.CLIENT_APPLICATIONS)
@authenticate('bearer', 'basic')
export class ApplicationCredentialsController {
  constructor(
    @inject(IdentityBindings.APPLICATION_CREDENTIAL_SERVICE)
    private credentials: ApplicationCredentialService,
    @inject(SecurityBindings.USER) private caller: CurrentUser,
    @inject(RestBindings.Http.REQUEST) private request: Request,
  ) {}

  @put('/applications/{id}/credentials/{provider}', {
    summary:
      "Set the application's own credentials (or directory) for an entry",
    description:
      "Logins, links and token exchanges naming this client id then run with these instead of the global entry. A SAML or LDAP entry takes the application's own IdP or server: its users sign in there and nowhere else, and what that directory says is trusted for this application only (its identities kept apart, its emails never verified, its groups granting no role).",
    [MULTILINE_FIELDS]: MULTILINE_CREDENTIAL_FIELDS,
    responses: {
      '200': CREDENTIAL_RESPONSE,
      '400': errorResponse(
        '`INVALID_CHARACTERS`: a control character (CR, LF and TAB only in certificates)',
      ),
      '422': errorResponse(
        '`VALIDATION_FAILED`: keys that do not fit the entry, a bad callbackURL, or a bad directory setting (`details` names each field)',
      ),
      ...APPLICATION_ERRORS,
      ...NOT_FOUND,
    },
  })
  put(
    @ID_PARAM id: string,
    @PROVIDER_PARAM provider: string,
    @requestBody({
      required: true,
      content: {'application/json': {schema: CREDENTIAL_INPUT_SCHEMA}},
    })
    input: CredentialInput,
  ): Promise<CredentialView> {
    return this.credentials.put(this.actor(), id, provider, input);
  }

  @get('/applications/{id}/credentials/{provider}', {
    summary:
      "The application's credentials or directory for an entry, without secrets",
    responses: {
      '200': CREDENTIAL_RESPONSE,
      ...APPLICATION_ERRORS,
      ...NOT_FOUND,
    },
  })
  get(
    @ID_PARAM id: string,
    @PROVIDER_PARAM provider: string,
  ): Promise<CredentialView> {
    return this.credentials.get(this.actor(), id, provider);
  }

  @del('/applications/{id}/credentials/{provider}', {
    summary:
      'Remove them: the global providers.json entry (and its directory) applies again',
    responses: {
      '204': {description: 'Removed'},
      ...APPLICATION_ERRORS,
      ...NOT_FOUND,
    },
  })
  async delete(
    @ID_PARAM id: string,
    @PROVIDER_PARAM provider: string,
  ): Promise<void> {
    await this.credentials.delete(this.actor(), id, provider);
  }

  private actor(): Actor {
    return {userId: this.caller.id, context: requestContext(this.request)};
  }
}
