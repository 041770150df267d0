import {authenticate} from '@loopback/authentication';
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
import {SecurityBindings} from '@loopback/security';
import {IdentityBindings} from '../../keys';
import {
  ConfirmedFactor,
  TotpEnrolment,
  TotpEnrolmentService,
} from '../../services/mfa/totp-enrolment.service';
import {StepUpService} from '../../services/tokens/step-up.service';
import {CurrentUser} from '../../strategies/current-user';
import {requestContext} from '../../strategies/request-context';
import {
  AUTH_ERROR,
  errorResponses,
  jsonBody,
  jsonResponse,
  VALIDATION_ERROR,
} from '../accounts/account-schemas';
import {
  CONFIRM_BODY,
  CONFIRMED_FACTOR,
  FIRST_PARTY_ERROR,
  STEP_UP_ERROR,
  TOTP_ENROL_BODY,
  TOTP_ENROLMENT,
} from './factor-schemas';
import {ApiArea} from '../../services/platform/api-areas';

/** Enrolling an authenticator app: a secret, then a first code. */
@oas.tags(ApiArea.LOCAL_ACCOUNTS)
@authenticate('bearer', 'basic')
export class TotpFactorController {
  constructor(
    @inject(IdentityBindings.TOTP_ENROLMENT_SERVICE)
    private totp: TotpEnrolmentService,
    @inject(IdentityBindings.STEP_UP_SERVICE) private stepUp: StepUpService,
    @inject(SecurityBindings.USER) private user: CurrentUser,
    @inject(RestBindings.Http.REQUEST) private request: Request,
    @inject(RestBindings.Http.RESPONSE) private response: Response,
  ) {}

  @post('/users/me/factors/totp', {
    summary: 'Start enrolling an authenticator app (TOTP)',
    description:
      'A sensitive operation: it needs a recent sign-in, and your second factor if you have one. ' +
      'Answers the secret (base32), its `otpauth://` URI and a QR code of it, once; the factor counts only once confirmed with a first code. ' +
      'A new enrolment replaces one still waiting for its code. At most 10 factors per account.',
    responses: {
      '201': jsonResponse(
        'The pending factor and its secret (shown once); Cache-Control: no-store',
        TOTP_ENROLMENT,
      ),
      ...errorResponses({
        ...STEP_UP_ERROR,
        ...FIRST_PARTY_ERROR,
        '409': 'FACTOR_LIMIT_REACHED: 10 factors already',
        ...VALIDATION_ERROR,
        '400': 'INVALID_CHARACTERS: a control character in the name',
      }),
    },
  })
  async enrol(
    @requestBody(jsonBody(TOTP_ENROL_BODY, false)) body?: {name?: string},
  ): Promise<TotpEnrolment> {
    await this.stepUp.require(this.user);
    const enrolment = await this.totp.enrol(
      this.user.id,
      body?.name,
      requestContext(this.request),
    );
    this.response.status(201).setHeader('Cache-Control', 'no-store');
    return enrolment;
  }

  @post('/users/me/factors/{id}/confirm', {
    summary: 'Confirm an authenticator app with its current code',
    description:
      'The app now holds the secret: the factor counts from here on. With the first factor of the account, the answer carries ten recovery codes, shown once. ' +
      'Wrong codes count against the limits and lock-out of the second step.',
    responses: {
      '200': jsonResponse(
        'The factor, and recovery codes with a first one; Cache-Control: no-store',
        CONFIRMED_FACTOR,
      ),
      ...errorResponses({
        '401': `${AUTH_ERROR['401']}; INVALID_MFA_CODE: wrong or already used code`,
        ...FIRST_PARTY_ERROR,
        '404': '`FACTOR_NOT_FOUND`: no such factor of yours',
        '409': 'FACTOR_ALREADY_CONFIRMED',
        ...VALIDATION_ERROR,
        '429': 'RATE_LIMITED: too many codes (Retry-After)',
        '500': 'FACTOR_UNREADABLE: the secret cannot be decrypted; enrol again',
      }),
    },
  })
  async confirm(
    @param.path.string('id') id: string,
    @requestBody(jsonBody(CONFIRM_BODY)) body: {code: string},
  ): Promise<ConfirmedFactor> {
    const confirmed = await this.totp.confirm(
      this.user.id,
      id,
      body.code,
      requestContext(this.request),
    );
    this.response.setHeader('Cache-Control', 'no-store');
    return confirmed;
  }
}
