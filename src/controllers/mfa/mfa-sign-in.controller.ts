import {inject} from '@loopback/core';
import {
  oas,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
} from '@loopback/rest';
import {AppConfig} from '../../config';
import {IdentityBindings} from '../../keys';
import {MfaChallengeService} from '../../services/mfa/mfa-challenge.service';
import {DeviceTokenService} from '../../services/tokens/device-token.service';
import {TokenResponse} from '../../services/tokens/session.service';
import {requestContext} from '../../strategies/request-context';
import {
  errorResponses,
  jsonBody,
  jsonResponse,
} from '../accounts/account-schemas';
import {answerSignIn} from '../tokens/sign-in-response';
import {TOKEN_RESPONSE} from '../tokens/oauth-schemas';
import {SECOND_STEP_BODY} from './mfa-schemas';
import {ProofBody, proofOf} from './proof-input';
import {ApiArea} from '../../services/platform/api-areas';

interface SecondStepBody extends ProofBody {
  mfaToken: string;
  client_id?: string;
}

/** The second step of a sign-in: an mfaToken and a second factor. */
@oas.tags(ApiArea.LOCAL_ACCOUNTS)
export class MfaSignInController {
  constructor(
    @inject(IdentityBindings.MFA_CHALLENGE_SERVICE)
    private challenges: MfaChallengeService,
    @inject(IdentityBindings.DEVICE_TOKEN_SERVICE)
    private devices: DeviceTokenService,
    @inject(IdentityBindings.CONFIG) private config: AppConfig,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @post('/auth/mfa', {
    summary: 'Confirm a sign-in with a second factor',
    description:
      'Any first factor (password, Basic at /auth/login, a provider code at /auth/token, a native token exchange) of an account with a second factor answers 403 `MFA_REQUIRED` whose `details` (at /auth/token: the body) carry `mfaToken` and `methods`. ' +
      'Send the mfaToken with `method` and `code` (a TOTP code of the authenticator app, or a recovery code) or `credential` (a passkey assertion for the challenge of POST /auth/mfa/webauthn/options) for the token response the first factor would have had. ' +
      'The mfaToken lives 5 minutes, opens one session for the client of the first factor, and dies after 5 wrong proofs.',
    responses: {
      '200': jsonResponse(
        'RFC 6749 token response; Cache-Control: no-store',
        TOKEN_RESPONSE,
      ),
      ...errorResponses({
        '400':
          'INVALID_REQUEST: a method this sign-in does not offer, or a proof without its code or credential',
        '401':
          'INVALID_MFA_TOKEN: unknown, expired or spent mfaToken (sign in again); INVALID_MFA_CODE: wrong code or assertion',
        '422': 'VALIDATION_FAILED: the body breaks the schema',
        '429':
          'RATE_LIMITED: too many attempts for this account or address, or the second step is locked (Retry-After)',
        '500':
          'FACTOR_UNREADABLE: no authenticator app factor of the account can be decrypted (details.factorIds); use a recovery code',
      }),
    },
  })
  async secondStep(
    @requestBody(jsonBody(SECOND_STEP_BODY)) body: SecondStepBody,
  ): Promise<TokenResponse> {
    const context = requestContext(this.request);
    const tokens = await this.challenges.complete(
      {mfaToken: body.mfaToken, proof: proofOf(body), clientId: body.client_id},
      context,
    );
    return answerSignIn(
      {response: this.response, devices: this.devices, config: this.config},
      tokens,
      context.deviceToken,
    );
  }
}
