import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {
  oas,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import type {PublicKeyCredentialCreationOptionsJSON} from '@simplewebauthn/server';
import {IdentityBindings} from '../../keys';
import {
  PasskeyRegistrationService,
  RegisteredPasskey,
} from '../../services/mfa/passkey-registration.service';
import {StepUpService} from '../../services/tokens/step-up.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {
  AUTH_ERROR,
  errorResponses,
  jsonBody,
  jsonResponse,
} from '../accounts/account-schemas';
import {
  CREATION_OPTIONS,
  REGISTER_BODY,
  REGISTERED_PASSKEY,
} from './passkey-schemas';
import {ApiArea} from '../../services/platform/api-areas';

/** Adding a passkey to the signed-in account. */
@oas.tags(ApiArea.LOCAL_ACCOUNTS)
@authenticate('bearer', 'basic')
export class PasskeyEnrolmentController {
  constructor(
    @inject(IdentityBindings.PASSKEY_REGISTRATION_SERVICE)
    private registration: PasskeyRegistrationService,
    @inject(IdentityBindings.STEP_UP_SERVICE) private stepUp: StepUpService,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @post('/users/me/factors/webauthn/options', {
    summary: 'Start adding a passkey',
    description:
      'Options for `navigator.credentials.create()`: a discoverable credential (resident key required) for WEBAUTHN_RP_ID, ' +
      "the account's passkeys excluded. The challenge lives 5 minutes; asking again replaces it. " +
      'Needs a recent sign-in (and the second factor, for an account that has one): otherwise 401 `INSUFFICIENT_USER_AUTHENTICATION`.',
    responses: {
      '200': jsonResponse('The creation options', CREATION_OPTIONS),
      ...errorResponses({
        '401': `${AUTH_ERROR['401']}; INSUFFICIENT_USER_AUTHENTICATION: step up first (WWW-Authenticate names max_age / acr_values)`,
        '403':
          'FIRST_PARTY_REQUIRED, MFA_REQUIRED (Basic for an account with a factor)',
        '409': '`CONFLICT`: the account holds 10 factors already',
      }),
    },
  })
  async options(
    @inject(SecurityBindings.USER) caller: CurrentUser,
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    await this.stepUp.require(caller);
    return this.registration.options(caller.id);
  }

  @post('/users/me/factors/webauthn', {
    summary: 'Finish adding a passkey',
    description:
      'Send the result of `navigator.credentials.create()` (`PublicKeyCredential.toJSON()`) as `credential`, and a `name` ("Passkey" by default). ' +
      'The passkey is a confirmed factor at once; when it is the first one, the answer carries ten recovery codes, shown this once.',
    responses: {
      '201': jsonResponse(
        'The passkey, and recovery codes',
        REGISTERED_PASSKEY,
      ),
      ...errorResponses({
        '400':
          'INVALID_PASSKEY: malformed, or it fails verification (origin, RP ID, challenge); INVALID_PASSKEY_CHALLENGE: no live options (ask again)',
        '401': AUTH_ERROR['401'],
        '403':
          'FIRST_PARTY_REQUIRED, MFA_REQUIRED (Basic for an account with a factor)',
        '409':
          'FACTOR_ALREADY_CONFIRMED: this passkey is registered already; `CONFLICT`: 10 factors',
        '422': 'VALIDATION_FAILED: the body breaks the schema',
      }),
    },
  })
  async register(
    @inject(SecurityBindings.USER) caller: CurrentUser,
    @requestBody(jsonBody(REGISTER_BODY))
    body: {name?: string; credential: object},
  ): Promise<RegisteredPasskey> {
    const registered = await this.registration.register(
      caller,
      body,
      requestContext(this.request),
    );
    this.response.status(201);
    return registered;
  }
}
