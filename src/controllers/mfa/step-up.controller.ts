import {authenticate} from '@loopback/authentication';
import {inject} from '@loopback/core';
import {
  oas,
  post,
  Request,
  requestBody,
  Response,
  RestBindings,
  SchemaObject,
} from '@loopback/rest';
import {SecurityBindings} from '@loopback/security';
import {AppError} from '../../errors';
import {IdentityBindings} from '../../keys';
import {
  StepUpCompletionService,
  StepUpProof,
} from '../../services/mfa/step-up-completion.service';
import {TokenResponse} from '../../services/tokens/session.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {
  errorResponses,
  jsonBody,
  jsonResponse,
} from '../accounts/account-schemas';
import {noStoreTokenResponse} from '../platform/response-headers';
import {TOKEN_RESPONSE} from '../tokens/oauth-schemas';
import {ONE_TIME_CODE, WEBAUTHN_CREDENTIAL} from './mfa-schemas';
import {ProofBody, proofOf} from './proof-input';
import {ApiArea} from '../../services/platform/api-areas';

const STEP_UP_BODY: SchemaObject = {
  type: 'object',
  additionalProperties: false,
  properties: {
    method: {
      type: 'string',
      enum: ['password', 'totp', 'recovery_code', 'webauthn'],
    },
    password: {type: 'string', minLength: 1, maxLength: 1024},
    code: ONE_TIME_CODE,
    credential: WEBAUTHN_CREDENTIAL,
  },
  required: ['method'],
};

interface StepUpBody extends Omit<ProofBody, 'method'> {
  method: ProofBody['method'] | 'password';
  password?: string;
}

/** Step-up (RFC 9470): proving again who one is, for the same session. */
@oas.tags(ApiArea.LOCAL_ACCOUNTS)
export class StepUpController {
  constructor(
    @inject(IdentityBindings.STEP_UP_COMPLETION_SERVICE)
    private stepUps: StepUpCompletionService,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  // Basic is heard (and refused: it has no session to step up), so a
  // malformed Basic header answers as on every protected route.
  @authenticate('bearer', 'basic')
  @post('/auth/step-up', {
    summary: 'Confirm it is you again, for a sensitive operation',
    description:
      'A sensitive operation (password change or set, account deletion, unlinking, factor enrolment and removal, recovery codes, application secret rotation) answers 401 `INSUFFICIENT_USER_AUTHENTICATION` when the sign-in is older than STEP_UP_MAX_AGE or, for an account with a second factor, did not use it. ' +
      'Send `method` with `password` (accounts without a second factor only), `code` (`totp`: the authenticator app; `recovery_code`) or `credential` (`webauthn`: an assertion for POST /auth/step-up/webauthn/options). ' +
      'Answers new tokens of the SAME session (its refresh token rotates; the old one is spent): `auth_time` is now and `amr`/`acr` tell the proof. Retry the operation with the new access token.',
    responses: {
      '200': jsonResponse(
        'RFC 6749 token response; Cache-Control: no-store',
        TOKEN_RESPONSE,
      ),
      ...errorResponses({
        '400':
          'INVALID_REQUEST: a method this account does not have (details.methods), or a proof without its password, code or credential',
        '401':
          'AUTHENTICATION_REQUIRED or INVALID_TOKEN (a bearer token is needed); INVALID_MFA_CODE: wrong code or assertion',
        '403':
          'INVALID_CURRENT_PASSWORD: wrong password; MFA_REQUIRED: the account has a second factor, use it (details.methods); FIRST_PARTY_REQUIRED; FORBIDDEN: HTTP Basic (no session to step up)',
        '404': 'SESSION_NOT_FOUND: the session of this token has ended',
        '409':
          '`CONFLICT`: a refresh of the session rotated its refresh token meanwhile; try again',
        '422': 'VALIDATION_FAILED: the body breaks the schema',
        '429':
          'RATE_LIMITED: too many attempts, or the account or its second step is locked (Retry-After)',
        '500':
          'FACTOR_UNREADABLE: no authenticator app factor can be decrypted; use a recovery code',
      }),
    },
  })
  async stepUp(
    @requestBody(jsonBody(STEP_UP_BODY)) body: StepUpBody,
    @inject(SecurityBindings.USER) user: CurrentUser,
  ): Promise<TokenResponse> {
    if (!user.sessionId) {
      throw new AppError(
        'FORBIDDEN',
        'A step-up renews a session: send its bearer access token, not Basic.',
      );
    }
    const tokens = await this.stepUps.complete(
      {
        userId: user.id,
        sessionId: user.sessionId,
        applicationId: user.applicationId,
      },
      stepUpProofOf(body),
      requestContext(this.request),
    );
    noStoreTokenResponse(this.response);
    return tokens;
  }
}

/** The proof a body describes; `INVALID_REQUEST` for a mixed one. */
function stepUpProofOf(body: StepUpBody): StepUpProof {
  if (body.method !== 'password') {
    if (body.password !== undefined) throw mixed(body.method);
    return proofOf({...body, method: body.method});
  }
  if (
    typeof body.password !== 'string' ||
    body.code !== undefined ||
    body.credential !== undefined
  ) {
    throw new AppError(
      'INVALID_REQUEST',
      'A password proof sends `password`, and no `code` or `credential`.',
    );
  }
  return {method: 'password', password: body.password};
}

function mixed(method: string): AppError {
  return new AppError(
    'INVALID_REQUEST',
    `A ${method} proof sends no \`password\`.`,
  );
}
